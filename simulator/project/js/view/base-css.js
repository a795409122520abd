// Default look of the built-in components (after WeUI, the platform's own design), before
// app.wxss, page and component styles. Written for this project, not copied.
(function (ns) {
  'use strict';
  ns.BASE_CSS = `
html, body { margin: 0; padding: 0; }
body { font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", "Helvetica Neue", sans-serif;
  font-size: 16px; line-height: 1.4; color: #000; -webkit-text-size-adjust: 100%; }
[hidden] { display: none !important; }
wx-page { display: block; min-height: 100%; }
wx-view, wx-scroll-view, wx-form, wx-rich-text, wx-label, wx-navigator { display: block; }
wx-block, wx-slot, wx-slot-content, [virtual-host] { display: contents; }
wx-text { display: inline; white-space: pre-wrap; user-select: none; -webkit-user-select: none; }
wx-text[selectable] { user-select: text; -webkit-user-select: text; }
wx-scroll-view { overflow: hidden; position: relative; -webkit-overflow-scrolling: touch; }
wx-scroll-view[scroll-y] { overflow-y: auto; }
wx-scroll-view[scroll-x] { overflow-x: auto; white-space: nowrap; }
wx-input { display: block; height: 1.4rem; min-height: 1.4rem; overflow: hidden; }
wx-input input, wx-textarea textarea { border: 0; outline: 0; padding: 0; margin: 0; width: 100%;
  height: 100%; font: inherit; color: inherit; background: transparent; text-align: inherit; }
wx-input input::placeholder, wx-textarea textarea::placeholder { color: #808080; }
wx-textarea { display: block; width: 300px; height: 150px; position: relative; }
wx-textarea textarea { resize: none; }
wx-textarea[auto-height] { height: auto; min-height: 1.4em; }
wx-button { position: relative; display: block; box-sizing: border-box; width: 184px;
  margin-left: auto; margin-right: auto; padding: 12px 24px; font-size: 17px; font-weight: 700;
  line-height: 1.41176471; text-align: center; text-decoration: none; border-radius: 8px;
  color: #06ae56; background-color: #f2f2f2; overflow: hidden; cursor: pointer; user-select: none; }
wx-button[type=primary] { color: #fff; background-color: #07c160; }
wx-button[type=warn] { color: #fa5151; background-color: #f2f2f2; }
wx-button[size=mini] { display: inline-block; width: auto; padding: 0 0.75em; line-height: 2.3;
  font-size: 16px; }
wx-button[plain] { background-color: transparent; border: 1px solid currentColor; }
wx-button[type=default][plain] { color: #000; }
wx-button[disabled] { color: rgba(0, 0, 0, 0.18) !important; background-color: #f2f2f2 !important; cursor: default; }
wx-button[loading] { opacity: 0.7; }
wx-button.button-hover { background-color: #dedede; }
wx-button[type=primary].button-hover { background-color: #06ad56; }
wx-button .wx-loading { display: inline-block; width: 1em; height: 1em; margin-right: 0.4em;
  vertical-align: -0.15em; border: 2px solid currentColor; border-right-color: transparent;
  border-radius: 50%; box-sizing: border-box; animation: wx-spin 0.8s linear infinite; }
@keyframes wx-spin { to { transform: rotate(360deg); } }
wx-image { display: inline-block; width: 320px; height: 240px; overflow: hidden; }
wx-image img { display: block; width: 100%; height: 100%; }
wx-image[mode=widthFix] { height: auto; }
wx-image[mode=widthFix] img { height: auto; }
wx-icon { display: inline-block; font-size: 23px; line-height: 1; color: #07c160; }
wx-icon[type=warn], wx-icon[type=cancel], wx-icon[type=clear] { color: #fa5151; }
wx-icon[type=info], wx-icon[type=search], wx-icon[type=waiting] { color: #10aeff; }
wx-switch, wx-checkbox, wx-radio { display: inline-flex; align-items: center; cursor: pointer; }
wx-switch .wx-switch-input { --wx-color: #07c160; position: relative; display: inline-block;
  width: 52px; height: 32px; border-radius: 16px; background: #e5e5e5; transition: background 0.2s; }
wx-switch .wx-switch-input::after { content: ""; position: absolute; top: 2px; left: 2px;
  width: 28px; height: 28px; border-radius: 50%; background: #fff; transition: transform 0.2s;
  box-shadow: 0 1px 3px rgba(0, 0, 0, 0.4); }
wx-switch[checked] .wx-switch-input { background: var(--wx-color); }
wx-switch[checked] .wx-switch-input::after { transform: translateX(20px); }
wx-checkbox .wx-checkbox-input, wx-radio .wx-radio-input { --wx-color: #07c160; display: inline-block;
  width: 22px; height: 22px; margin-right: 5px; border: 1px solid #d1d1d1; border-radius: 3px;
  box-sizing: border-box; text-align: center; line-height: 20px; color: var(--wx-color); }
wx-radio .wx-radio-input { border-radius: 50%; }
wx-checkbox[checked] .wx-checkbox-input::before, wx-radio[checked] .wx-radio-input::before { content: "\\2713"; }
wx-checkbox[disabled], wx-radio[disabled], wx-switch[disabled] { opacity: 0.5; }
wx-navigator { cursor: pointer; }
wx-progress { display: flex; align-items: center; }
wx-progress .wx-progress-bar { flex: 1; height: 6px; background: #ebebeb; }
wx-progress .wx-progress-fill { display: block; height: 100%; background: #09bb07; }
wx-progress[info]::after { content: attr(info); margin-left: 15px; font-size: 16px; }
wx-swiper, wx-swiper-item, wx-movable-area, wx-cover-view, wx-picker-view, wx-web-view { display: block; }
wx-highlight { position: absolute; z-index: 9998; pointer-events: none; box-sizing: border-box;
  background: rgba(111, 168, 220, 0.45); outline: 1px solid rgba(111, 168, 220, 0.9); }
wx-error { position: fixed; left: 0; right: 0; top: 0; bottom: 0; z-index: 9999; overflow: auto;
  padding: 16px; background: #fff; color: #fa5151; font: 13px/1.5 monospace; white-space: pre-wrap; }
`;
})(globalThis.WxView = globalThis.WxView || {});
