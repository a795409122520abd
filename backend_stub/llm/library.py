"""The fake LLM's reply library: short and long replies in Chinese and English, markdown, code."""

from __future__ import annotations

import random

_ZH_SHORT = (
    "你好！我是一个用于测试的模拟助手。流式输出会把回答拆成很多小片段，逐个发送给小程序，"
    "这样用户不必等到整段回答生成完毕，就能看到文字一个个出现。",
    "这个问题可以分三步来看：先确认网络通道是否支持分块传输，再观察首个片段到达的时间，"
    "最后比较不同方案在弱网下的表现。WebSocket 通常延迟最低，轮询最稳妥。",
    "好的，我来总结一下：小程序的 request 默认会等完整响应，"
    "开启 enableChunked 之后才能逐块收到数据；"
    "downloadFile 只能发 GET 请求；轮询需要后端保存会话状态。",
    "收到。模拟后端会按设定的速度吐出字符，中文、英文单词和标点都会作为独立的片段，"
    "你可以用它检查打字机效果是否平滑，以及断线重连后文字有没有丢失或重复。",
)

_EN_SHORT = (
    "Hello! I am a simulated assistant. A streamed reply arrives in many small pieces, so the "
    "page can show the first words long before the whole answer is ready.",
    "Short answer: use a WebSocket when the platform allows it, fall back to chunked downloads, "
    "and keep polling as the last resort. Each step trades latency for compatibility.",
    "Sure. This stub emits tokens at a fixed, seeded pace, which makes timing bugs in the client "
    "repeatable: the same seed gives the same text and the same gaps.",
)

_MARKDOWN_ZH = """## 流式传输方案对比

下面是四种方案的简要说明：

1. **WebSocket**：真正的双向通道，延迟最低。
2. **downloadFile**：服务端分块写出，客户端等待文件完成。
3. **轮询**：后端异步生成，前端每隔一段时间取一次进度。
4. **同步请求 + 打字机**：一次拿到全文，再在本地逐字显示。

| 方案 | 实时性 | 兼容性 |
|------|--------|--------|
| WebSocket | 高 | 中 |
| 轮询 | 中 | 高 |

> 提示：弱网环境下，首个片段的到达时间比总耗时更影响体验。

```typescript
const task = wx.connectSocket({ url: 'wss://example.com/ws/chat' })
task.onMessage((res) => appendChunk(res.data))
```

以上就是主要区别，欢迎继续提问。
"""

_MARKDOWN_EN = """## Choosing a transport

A few things decide which transport feels fastest:

- **Time to first token**: how soon the first words appear.
- **Smoothness**: whether text arrives in an even stream or in bursts.
- *Recovery*: what happens after the connection drops.

```python
async def stream(socket):
    async for frame in socket:
        render(frame)
```

| transport | first token | recovery |
|-----------|-------------|----------|
| websocket | fast | resume by sequence |
| polling | slow | always consistent |

That covers the basics; ask for details on any row.
"""

_CODE = """下面是一个带重连的 WebSocket 客户端示例：

```typescript
function connect(url: string, onChunk: (text: string) => void) {
  let retries = 0
  const open = () => {
    const task = wx.connectSocket({ url })
    task.onMessage((res) => onChunk(String(res.data)))
    task.onClose(() => {
      const delay = Math.min(1000 * 2 ** retries, 30000)
      retries += 1
      setTimeout(open, delay)
    })
  }
  open()
}
```

And the same idea on the server, in Python:

```python
@app.websocket("/ws/chat")
async def chat(socket):
    await socket.accept()
    async for token in llm.stream(await socket.receive_text()):
        await socket.send_text(token)
```

注意：重连后要用回复编号和序号续传，避免文字重复。
"""

_LONG_PARAGRAPHS = (
    _MARKDOWN_ZH,
    _MARKDOWN_EN,
    _CODE,
    *(text + "\n\n" for text in _ZH_SHORT),
    *(text + "\n\n" for text in _EN_SHORT),
    "### 小结\n\n- 首字延迟决定第一印象；\n- 吞吐决定长回答的等待时间；\n"
    "- 重连决定弱网下是否可用。\n\n",
)

SCRIPTS: dict[str, tuple[str, ...]] = {
    "zh": _ZH_SHORT,
    "en": _EN_SHORT,
    "markdown_zh": (_MARKDOWN_ZH,),
    "markdown_en": (_MARKDOWN_EN,),
    "code": (_CODE,),
    "long": _LONG_PARAGRAPHS,
}
"""Script name -> its variants; one variant is picked per reply from the message and seed."""

SCRIPT_NAMES = frozenset([*SCRIPTS, "echo"])
"""Every `script=` value; `echo` repeats the user's message back."""


def reply_text(script: str, message: str, rng: random.Random, length: int | None) -> str:
    """The full text of a reply.

    Args:
        script: a name from `SCRIPT_NAMES`.
        message: the user's message (only `echo` uses it).
        rng: seeded generator; the only source of choice.
        length: exact length in characters; the script's variants are chained until it is
            reached, then cut.
    """
    if script == "echo":
        base = message or "(empty)"
        if length is None:
            return base
        return (base * (length // len(base) + 1))[:length]
    variants = SCRIPTS[script]
    text = rng.choice(variants)
    if length is None:
        return text
    parts = [text]
    size = len(text)
    pool = _LONG_PARAGRAPHS if script == "long" or len(variants) == 1 else variants
    while size < length:
        piece = rng.choice(pool)
        if not piece.endswith("\n"):
            piece += "\n\n"
        parts.append(piece)
        size += len(piece)
    return "".join(parts)[:length]
