import PDFDocument from 'pdfkit';
import { type LetterDocument, danishDate } from './letter.rules';

/**
 * CZ-8: a letter as PDF (A4), rendered with pdfkit. Helvetica, one of the PDF standard fonts, written in
 * WinAnsiEncoding, has every Danish letter (æ ø å Æ Ø Å) and needs no font file in the image.
 */
export function renderLetterPdf(letter: LetterDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4', margins: { top: 64, bottom: 64, left: 64, right: 64 },
    info: { Title: letter.subject, Author: letter.sender, Subject: `${letter.rule} ${letter.kind}`, CreationDate: new Date(letter.sentAt.epochMilliseconds) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 128;

  // Letterhead: sender left, date right.
  doc.font('Helvetica-Bold').fontSize(14).text(letter.sender, { width });
  doc.font('Helvetica').fontSize(10).fillColor('#444444').text(danishDate(letter.date), 64, 64, { width, align: 'right' });
  doc.fillColor('black').moveDown(3);

  // Recipient.
  doc.font('Helvetica').fontSize(11).text(letter.recipientName, 64, doc.y, { width });
  if (letter.recipientAddress) doc.text(letter.recipientAddress, { width });
  doc.moveDown(2);

  doc.font('Helvetica-Bold').fontSize(13).text(letter.subject, { width });
  doc.moveDown(1);
  for (const para of letter.paragraphs) {
    if (para.heading) doc.font('Helvetica-Bold').fontSize(11).text(para.heading, { width });
    doc.font('Helvetica').fontSize(11).text(para.text, { width, align: 'left', lineGap: 2 });
    doc.moveDown(0.8);
  }
  doc.moveDown(1);
  doc.font('Helvetica').fontSize(11).text('Med venlig hilsen', { width });
  doc.text(letter.sender, { width });

  // The footer sits in the bottom margin: lift the margin for it, or pdfkit would start a new page.
  doc.page.margins.bottom = 0;
  doc.fontSize(8).fillColor('#666666').text(`Brev ${letter.id} · ${letter.rule} · sendt ${letter.date.toString()}`, 64, doc.page.height - 48, { width, lineBreak: false });
  doc.end();
  return done;
}
