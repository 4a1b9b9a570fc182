/**
 * Output data with control characters (NUL, ESC of ANSI colours, backspace...) is written to a record as
 * their Unicode Control Pictures (U+2400 + code, U+2421 for DEL: `␀`, `␛[31m`), so a record stays a
 * text file that fmt/cells read, and reads well. Line breaks and tabs stay as they are. Lossless: a
 * literal control picture in such data (or the escape itself) is written after the escape U+2426 (`␦`).
 * The item's header says `"ctl":1` when its data is written this way.
 */

// Built from a string: the lint rule against control characters in regex literals guards typos, not this.
const CONTROL_CLASS = '\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f';
const CONTROL = new RegExp(`[${CONTROL_CLASS}]`);
const ENCODED = new RegExp(`[${CONTROL_CLASS}\\u2400-\\u2421\\u2426]`, 'g');
const PICTURE_BASE = 0x2400;
const DEL_PICTURE = 0x2421;
const ESCAPE = '\u2426';

/** True when the data must be written with control pictures. */
export function needsControlPictures(data: string): boolean {
  return CONTROL.test(data);
}

export function toControlPictures(data: string): string {
  return data.replace(ENCODED, (c) => {
    const code = c.charCodeAt(0);
    if (code >= PICTURE_BASE) {
      return ESCAPE + c;
    }
    return String.fromCharCode(code === 0x7f ? DEL_PICTURE : PICTURE_BASE + code);
  });
}

export function fromControlPictures(text: string): string {
  return text.replace(/\u2426([\s\S])|([\u2400-\u2421])/g, (_m, escaped: string | undefined, picture: string | undefined) => {
    if (escaped !== undefined) {
      return escaped;
    }
    const code = (picture as string).charCodeAt(0);
    return String.fromCharCode(code === DEL_PICTURE ? 0x7f : code - PICTURE_BASE);
  });
}
