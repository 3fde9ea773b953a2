import type { SelfBookingColour } from '../../generated/enums';

/** ST-1 (001): GREEN above 75 %. */
const GREEN_ABOVE_PERCENT = 75;
/** ST-1 (001): YELLOW from 60 % up to and including 75 %; RED below 60 %. */
const YELLOW_FROM_PERCENT = 60;

/**
 * ST-1: the colour of a self-booking share (001: "Grøn: over 75 procent. Gul: mellem 60 og 75 procent. Rød: under
 * 60 procent"). Decision: "mellem 60 og 75" includes both ends, since "over 75" and "under 60" exclude them. Compared
 * in whole numbers (selfBooked·100 against percent·held), so exactly 75 % or 60 % is never misread through
 * floating-point rounding. Null when no job interview was held (no share).
 */
export function selfBookingColour(selfBooked: number, held: number): SelfBookingColour | null {
  if (held <= 0) return null;
  if (selfBooked * 100 > GREEN_ABOVE_PERCENT * held) return 'GREEN';
  if (selfBooked * 100 >= YELLOW_FROM_PERCENT * held) return 'YELLOW';
  return 'RED';
}

/** ST-1: the share in percent, rounded to one decimal; null without held interviews. */
export function selfBookingPercent(selfBooked: number, held: number): number | null {
  return held > 0 ? Math.round((selfBooked * 1000) / held) / 10 : null;
}
