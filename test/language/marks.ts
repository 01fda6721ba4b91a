// Test texts mark ranges with «…»: the text without the marks, and each mark's offsets in it.
export function stripMarks(marked: string): { text: string; offsets: Array<[number, number]> } {
  const offsets: Array<[number, number]> = [];
  let text = '';
  let open: number | undefined;
  for (const char of marked) {
    if (char === '«') open = text.length;
    else if (char === '»') {
      offsets.push([open!, text.length]);
      open = undefined;
    } else text += char;
  }
  return { text, offsets };
}
