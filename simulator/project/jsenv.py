"""The JavaScript world page code sees, per platform profile: ONE table, a row per global.

The logic layer starts from a bare V8 context (ECMAScript only: no Node, no Web APIs) and adds
the mini-program's globals; this table says which Web-ish globals are there on which
platform. A row is applied by default when its evidence is reported or documented; an
`assumed` row is a switch (`--js-strict NAME`), off by default: without it the global is
present everywhere, as the kinder Node world would have it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

JsPlatform = Literal["ios", "android", "devtools", "pc"]
JS_PLATFORMS: tuple[JsPlatform, ...] = ("ios", "android", "devtools", "pc")
PLATFORM_ALIASES: dict[str, JsPlatform] = {"device": "ios"}
"""`device` (the runtime's phone profile) is the phone default: iOS, as the runtime's default
device preset (iPhone 15)."""
Confidence = Literal["documented", "reported", "assumed"]

PHONES: frozenset[JsPlatform] = frozenset({"ios", "android"})
ALL: frozenset[JsPlatform] = frozenset(JS_PLATFORMS)
DEVTOOLS: frozenset[JsPlatform] = frozenset({"devtools"})


@dataclass(frozen=True, slots=True)
class JsGlobal:
    name: str
    present_on: frozenset[JsPlatform]
    source: str
    confidence: Confidence

    @property
    def switch(self) -> bool:
        """Uncertain: applied only when asked for (`--js-strict NAME`)."""
        return self.confidence == "assumed"


JS_GLOBALS: tuple[JsGlobal, ...] = (
    JsGlobal(
        "TextDecoder", DEVTOOLS,
        "coze-js#318 (uni-app build, 'Cannot read property TextDecoder of undefined', base "
        "library 3.10.3); uni-app's compatibility table marks it ✗ for WeChat; "
        "wx-api-semantics §1.9 (DevTools has it, the device does not); iOS reports (PEERS P3)",
        "reported",
    ),
    JsGlobal(
        "TextEncoder", DEVTOOLS,
        "unibest#182 'TextEncoder is not defined' on the phone only; uni-app docs",
        "reported",
    ),
    JsGlobal(
        "window", DEVTOOLS,
        "the logic layer is a JS engine, not a web page (WeChat's framework docs); DevTools "
        "runs it in a browser context where `window` exists (PEERS P3)",
        "reported",
    ),
    JsGlobal(
        "document", frozenset(),
        "no DOM in the logic layer (framework docs: 'no window/document in the logic layer')",
        "documented",
    ),
    JsGlobal(
        "fetch", frozenset(),
        "not a mini-program API (wx.request is); DevTools' browser context has one but we do "
        "not offer it: it would bypass the emulated network",
        "reported",
    ),
    JsGlobal("XMLHttpRequest", frozenset(), "as fetch", "reported"),
    JsGlobal("WebSocket", frozenset(), "as fetch (wx.connectSocket is the API)", "reported"),
    JsGlobal("EventSource", frozenset(), "as fetch (PEERS: no EventSource on phones)", "reported"),
    JsGlobal(
        "WebAssembly", frozenset({"android", "devtools", "pc"}),
        "WXWebAssembly docs: iOS has no WebAssembly global, WXWebAssembly instead",
        "documented",
    ),
    JsGlobal("atob", DEVTOOLS, "no Base64 globals on devices (wx.arrayBufferToBase64)", "assumed"),
    JsGlobal("btoa", DEVTOOLS, "as atob", "assumed"),
    JsGlobal("URL", DEVTOOLS, "no URL in the JSCore logic layer (forum reports)", "assumed"),
    JsGlobal("URLSearchParams", DEVTOOLS, "as URL", "assumed"),
    JsGlobal("structuredClone", DEVTOOLS, "recent Web API; not in older JSCore/V8", "assumed"),
    JsGlobal("queueMicrotask", DEVTOOLS, "not listed among the logic layer's globals", "assumed"),
    JsGlobal("AbortController", DEVTOOLS, "Web API, not a mini-program one", "assumed"),
)  # fmt: skip
JS_GLOBAL_BY_NAME = {g.name: g for g in JS_GLOBALS}


@dataclass(frozen=True, slots=True)
class ChunkDataRule:
    """The type of `onChunkReceived`'s `res.data` on one platform."""

    platforms: frozenset[JsPlatform]
    type: Literal["ArrayBuffer", "Uint8Array"]
    source: str
    confidence: Confidence


CHUNK_DATA: tuple[ChunkDataRule, ...] = (
    ChunkDataRule(
        PHONES | {"pc"}, "ArrayBuffer",
        "RequestTask.onChunkReceived docs: {data: ArrayBuffer}", "documented",
    ),
    ChunkDataRule(
        DEVTOOLS, "Uint8Array",
        "'模拟器和真机返回的数据格式有点差异' (a mirrored jianshu post, wx-api-semantics §1.9)",
        "assumed",
    ),
)  # fmt: skip


def js_platform(name: str) -> JsPlatform:
    """`device` → the phone default; anything else must be a row of `JS_PLATFORMS`.

    Raises:
        ValueError: an unknown name.
    """
    name = PLATFORM_ALIASES.get(name, name)
    for known in JS_PLATFORMS:
        if known == name:
            return known
    raise ValueError(f"unknown platform {name!r}; choose from {', '.join(JS_PLATFORMS)}")


def env_for(platform: str, strict: Iterable[str] = ()) -> dict[str, object]:
    """What the logic layer is told: the globals present and the chunk data type.

    Raises:
        ValueError: an unknown platform or switch name.
    """
    plat = js_platform(platform)
    switches = set(strict)
    unknown = switches - set(JS_GLOBAL_BY_NAME) - {"chunkData"}
    if unknown:
        raise ValueError(f"unknown --js-strict name(s) {sorted(unknown)}")
    present = [
        g.name for g in JS_GLOBALS if plat in g.present_on or (g.switch and g.name not in switches)
    ]
    chunk = "ArrayBuffer"
    for rule in CHUNK_DATA:
        if plat in rule.platforms and (rule.confidence != "assumed" or "chunkData" in switches):
            chunk = rule.type
    return {"platform": plat, "globals": present, "chunkData": chunk}
