// The WebExtension compatibility module (as uBlock Origin Lite's ext-compat.js): the one place
// that knows Firefox names the API `browser` and Chromium `chrome`, and how a string of
// _locales is looked up. Every extension script takes both from here: the background and the
// options page import it; the content script gets it bundled in (see content.js).
export const webext = globalThis.browser ?? globalThis.chrome;

/** The reader's-language string `key` of _locales, with `subs` for its placeholders ($1, $2…). */
export const t = (key, ...subs) => webext.i18n.getMessage(key, subs.map(String)) || key;
