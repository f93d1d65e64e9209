/**
 * *Copy* on a command block: the clipboard when the browser allows it (a secure context, which
 * http://127.0.0.1 is), else the text is selected for the student's own Ctrl-C.
 */

/**
 * @param source the element whose text is copied (the block's `<pre>`)
 * @returns true when the clipboard took it, false when the text was selected instead
 */
export async function copyText(source: HTMLElement): Promise<boolean> {
  const text = source.textContent ?? '';
  try {
    if (navigator.clipboard === undefined) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const range = document.createRange();
    // A hidden element cannot be selected: select the shown code instead.
    const shown = source.hidden ? source.parentElement?.querySelector('pre.code') ?? source : source;
    range.selectNodeContents(shown);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    return false;
  }
}
