/** Whether the text holds a C0 control character (U+0000–U+001F), which no name, address or note may contain. */
export function hasC0Control(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) < 0x20) return true;
  }
  return false;
}
