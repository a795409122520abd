// WXSS as wcsc compiled it: each stylesheet is a script that, run against a `window` whose
// screen width is the device's, hands its CSS (rpx already turned into px) to a style-sheet
// manager. We give it our own window and manager and keep the string.
// Classic script: shared by the browser shell and the headless Node view (see FILES in view.js).
(function (ns) {
  'use strict';

  const BASE_DEVICE_WIDTH = 750;

  // The platform's rounding (wcsc's transformRPX): floor, and a non-zero value never becomes 0.
  function rpx(value, device) {
    if (value === 0) return 0;
    const px = Math.floor((value / BASE_DEVICE_WIDTH) * device.windowWidth + 1e-4);
    if (px === 0) return device.pixelRatio === 1 || !device.ios ? 1 : 0.5;
    return px;
  }

  // rpx inside `style="…"` attributes: the base library converts them at render time too.
  const RPX = /(-?\d*\.?\d+(?:e[+-]?\d+)?)rpx/gi;
  function inlineStyle(text, device) {
    if (text.indexOf('rpx') < 0) return text;
    return text.replace(RPX, (_, n) => rpx(parseFloat(n), device) + 'px');
  }

  function cssOf(script, device, suffix) {
    let out = '';
    const win = {
      screen: { width: device.windowWidth, height: device.windowHeight || 0 },
      devicePixelRatio: device.pixelRatio,
      __rpxRecalculatingFuncs__: [],
      __transformRpx__: (n, width) => rpx(n, width ? Object.assign({}, device, { windowWidth: width }) : device),
      __styleSheetManager2__: { addItem() {}, setCss(_key, css) { out = css; } },
    };
    const nav = { userAgent: device.ios ? 'iPhone' : 'Android' };
    // `css` is an undeclared assignment in wcsc's output: declare it so it stays local.
    const run = new Function('window', 'navigator', 'document', '__wxAppSuffixCode__', 'var css;\n' + script);
    run(win, nav, undefined, suffix || '');
    return out;
  }

  ns.styles = { rpx, inlineStyle, cssOf };
})(globalThis.WxView = globalThis.WxView || {});
