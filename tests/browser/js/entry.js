// The W3C selector client the browser test drives: Apache Annotator's DOM matchers and describers,
// exposed as plain async functions on window.MedialitAnnotator (bundled by `npm run build`).
import {
  createTextPositionSelectorMatcher,
  createTextQuoteSelectorMatcher,
  describeTextPosition,
  describeTextQuote,
} from "@apache-annotator/dom";

// Every range `selector` matches inside `scope`, as the text each one covers (with the error, if it failed).
export async function anchor(selector, scope) {
  const matcher =
    selector.type === "TextQuoteSelector"
      ? createTextQuoteSelectorMatcher(selector)
      : createTextPositionSelectorMatcher(selector);
  const found = [];
  try {
    for await (const range of matcher(scope)) found.push(range.toString());
  } catch (error) {
    found.push(`error: ${error.message}`);
  }
  return found;
}

// A DOM Range over code points `start`-`end` of `scope`'s text, built here by walking its text
// nodes (not by Apache Annotator), as a reader's selection would be.
export function rangeAt(scope, start, end) {
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0;
  let startSet = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const points = Array.from(node.data);
    const here = (offset) => points.slice(0, offset - seen).join("").length; // code points -> UTF-16
    if (!startSet && start < seen + points.length) {
      range.setStart(node, here(start));
      startSet = true;
    }
    if (startSet && end <= seen + points.length) {
      range.setEnd(node, here(end));
      return range;
    }
    seen += points.length;
  }
  throw new Error(`no text at ${start}-${end} (the scope has ${seen} code points)`);
}

// The selectors Apache Annotator writes for the range over code points `start`-`end` of `scope`.
export async function describe(scope, start, end) {
  let range;
  try {
    range = rangeAt(scope, start, end);
  } catch (error) {
    return { text: `error: ${error.message}`, quote: null, position: null };
  }
  return {
    text: range.toString(),
    quote: await describeTextQuote(range, scope),
    position: await describeTextPosition(range, scope),
  };
}
