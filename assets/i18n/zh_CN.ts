<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>AssistantBubble</name>
    <message>
      <location filename="../../simulator/ui/phone/bubbles.py" line="1" />
      <source>⚠ Error: {0}. Nothing was received.</source>
      <translation>⚠ 出错：{0}。未收到任何文字。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/phone/bubbles.py" line="247" />
      <source>Connecting…</source>
      <translation>连接中…</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/phone/bubbles.py" line="249" />
      <source>⚠ Error: {0}. The text received so far is kept.</source>
      <translation>⚠ 出错：{0}。已收到的文字已保留。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/phone/bubbles.py" line="251" />
      <source>Stopped.</source>
      <translation>已停止。</translation>
    </message>
  </context>
  <context>
    <name>CharsChart</name>
    <message>
      <location filename="../../simulator/ui/devtools/chars_chart.py" line="109" />
      <source>Characters over time</source>
      <translation>字符随时间变化</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/chars_chart.py" line="111" />
      <source>emitted</source>
      <translation>发出</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/chars_chart.py" line="112" />
      <source>arrived</source>
      <translation>到达</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/chars_chart.py" line="113" />
      <source>painted</source>
      <translation>绘制</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/chars_chart.py" line="115" />
      <source>s after send</source>
      <translation>发送后秒数</translation>
    </message>
  </context>
  <context>
    <name>ChatView</name>
    <message>
      <location filename="../../simulator/ui/phone/chat_view.py" line="119" />
      <source>New messages ↓</source>
      <translation>有新消息 ↓</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/phone/chat_view.py" line="121" />
      <source>Ask the assistant something: the reply streams in, with its cost beside it.</source>
      <translation>向 AI 助手提个问题：回复会流式逐字出现，代价就显示在旁边。</translation>
    </message>
  </context>
  <context>
    <name>CellReplayer</name>
    <message>
      <location filename="../../simulator/ui/shell/check_replay.py" line="1" />
      <source>Replaying {0}…</source>
      <translation>正在重放 {0}…</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/check_replay.py" line="1" />
      <source>Replay {0}: backend: {1}</source>
      <translation>重放 {0}：后端：{1}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/check_replay.py" line="1" />
      <source>Replay {0}: {1}</source>
      <translation>重放 {0}：{1}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/check_replay.py" line="1" />
      <source>char {0}: {1!r} where the backend sent {2!r}</source>
      <translation>第 {0} 个字符：显示 {1!r}，后端发送的是 {2!r}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/check_replay.py" line="1" />
      <source>first bad character in read {0} (body byte {1})</source>
      <translation>第一个错误字符在第 {0} 次读取中（响应体第 {1} 字节）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/check_replay.py" line="1" />
      <source>first read cutting a character or line: read {0} (byte {1})</source>
      <translation>第一次切断字符或行的读取：第 {0} 次（第 {1} 字节）</translation>
    </message>
  </context>
  <context>
    <name>CheckDialog</name>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>Check on devices — {0}</source>
      <translation>真机检查 — {0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>Waiting</source>
      <translation>等待中</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>Copy replay command</source>
      <translation>复制重放命令</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>exact</source>
      <translation>一致</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>garbled</source>
      <translation>乱码</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>crashed</source>
      <translation>崩溃</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>hung</source>
      <translation>卡住</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>failed cleanly</source>
      <translation>正常报错</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>ended</source>
      <translation>已结束</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>error</source>
      <translation>无法运行</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>Checking {0} on {1} cells…</source>
      <translation>正在检查 {0}，共 {1} 个格子…</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>Cancelled</source>
      <translation>已取消</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>The check failed: {0}</source>
      <translation>检查失败：{0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>{0}: {1} cells in {2:.1f} s — {3}. Click a cell for its replay command.</source>
      <translation>{0}：{1} 个格子，用时 {2:.1f} 秒 — {3}。点击格子查看重放命令。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>first bad character {0!r} (expected {1!r}) at index {2}</source>
      <translation>第一个错误字符 {0!r}（应为 {1!r}），位置 {2}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>page: …{0}…</source>
      <translation>页面：…{0}…</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>backend: …{0}…</source>
      <translation>后端：…{0}…</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>U+FFFD appears in the page&apos;s text</source>
      <translation>页面文字中出现了 U+FFFD</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>a read ends inside this character</source>
      <translation>有一次读取在这个字符中间结束</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>Replay: {0}</source>
      <translation>重放：{0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>Run this cell again</source>
      <translation>重新运行这个格子</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>Run again: {0}</source>
      <translation>重新运行：{0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>Device check…</source>
      <translation>真机检查…</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>Open a page or a project first (Page… or Project…)</source>
      <translation>请先打开一个页面或项目（“打开页面…”或“打开项目…”）：检查会运行它</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>Run the open page on every phone profile</source>
      <translation>在每种手机配置上运行当前页面</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>Replay in phone</source>
      <translation>在手机中重放</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/check_dialog.py" line="1" />
      <source>Run the picked cell in the window&apos;s phone; the network panel opens at its first bad read</source>
      <translation>在窗口的手机中运行所选单元格；网络面板定位到第一次出错的读取</translation>
    </message>
  </context>
  <context>
    <name>Errors</name>
    <message>
      <location filename="../../simulator/ui/kit/errors.py" line="21" />
      <source>The message is too large for the backend.</source>
      <translation>消息太大，后端拒收。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/kit/errors.py" line="25" />
      <source>The backend cannot be reached.</source>
      <translation>无法连接后端。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/kit/errors.py" line="29" />
      <source>The backend did not answer in time.</source>
      <translation>后端未在时限内响应。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/kit/errors.py" line="33" />
      <source>The connection dropped in the middle of the reply.</source>
      <translation>回复途中连接断开。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/kit/errors.py" line="37" />
      <source>The backend answered with an error.</source>
      <translation>后端返回了错误。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/kit/errors.py" line="41" />
      <source>The backend sent data the page cannot read.</source>
      <translation>后端发来了页面无法解析的数据。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/kit/errors.py" line="44" />
      <source>The reply failed.</source>
      <translation>回复失败。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/kit/errors.py" line="45" />
      <source>The {0} characters received so far are kept.</source>
      <translation>已收到的 {0} 个字符已保留。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/kit/errors.py" line="1" />
      <source>The request was aborted.</source>
      <translation>请求已被中止。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/kit/errors.py" line="1" />
      <source>This backend has no endpoint for this transport.</source>
      <translation>该后端没有此传输方式的接口。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/kit/errors.py" line="1" />
      <source>The page's request is invalid (check the URL and paths).</source>
      <translation>页面的请求无效（请检查 URL 和路径）。</translation>
    </message>
  </context>
  <context>
    <name>FirstUse</name>
    <message>
      <location filename="../../simulator/ui/shell/first_use.py" line="30" />
      <source>Using the profile probed earlier for {0}</source>
      <translation>使用之前为 {0} 探测的配置</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/first_use.py" line="46" />
      <source>{0} not probed: runs assume the “{1}” contract (Settings → Backend)</source>
      <translation>{0} 未探测：运行将按“{1}”协议进行（设置 → 后端）</translation>
    </message>
  </context>
  <context>
    <name>FlowDetail</name>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="1" />
      <source>✂ character</source>
      <translation>✂ 字符</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="1" />
      <source>✂ line</source>
      <translation>✂ 行</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="1" />
      <source>Read {0}: {1}</source>
      <translation>第 {0} 次读取：{1}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="1" />
      <source>starts with {0} byte(s) of the previous read&apos;s character</source>
      <translation>开头 {0} 字节属于上一次读取的字符</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="1" />
      <source>ends inside a UTF-8 character ({0} byte(s) of it): the next read has the rest</source>
      <translation>结尾截断了一个 UTF-8 字符（含其 {0} 字节），其余部分在下一次读取中</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="1" />
      <source>ends inside a line: an SSE parser must keep it for the next read</source>
      <translation>结尾截断了一行：SSE 解析器须保留它，等下一次读取拼接</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="1" />
      <source>Raw reads: each onChunkReceived as bytes (hex)</source>
      <translation>原始读取：每次 onChunkReceived 的字节（十六进制）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="1" />
      <source>✂ marks a read that ends inside a UTF-8 character or inside a line</source>
      <translation>✂ 标出结尾截断了 UTF-8 字符或一行的读取</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="102" />
      <source>(no payload)</source>
      <translation>（无请求体）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="109" />
      <source>(no response body)</source>
      <translation>（无响应体）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="122" />
      <source>URL: {0}</source>
      <translation>URL：{0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="123" />
      <source>Transport: {0}</source>
      <translation>传输方式：{0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="126" />
      <source>Method: {0}</source>
      <translation>方法：{0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="128" />
      <source>Status: {0}</source>
      <translation>状态码：{0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="130" />
      <source>Error: {0}</source>
      <translation>错误：{0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="131" />
      <source>Request headers</source>
      <translation>请求头</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="133" />
      <source>Response headers</source>
      <translation>响应头</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="144" />
      <source>close {0} {1}</source>
      <translation>关闭 {0} {1}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="175" />
      <source>started</source>
      <translation>开始</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="176" />
      <source>queued</source>
      <translation>排队</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="177" />
      <source>connected / headers</source>
      <translation>连接 / 响应头</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="178" />
      <source>first byte</source>
      <translation>首字节</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="179" />
      <source>last byte</source>
      <translation>末字节</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="180" />
      <source>ended</source>
      <translation>结束</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="182" />
      <source>Times after the run's send</source>
      <translation>时间（自本次发送起）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="182" />
      <source>Times</source>
      <translation>时间</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="188" />
      <source>received: {0} in {1} pieces</source>
      <translation>接收：{0}，共 {1} 段</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="189" />
      <source>sent: {0}</source>
      <translation>发送：{0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="211" />
      <source>Headers</source>
      <translation>标头</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="211" />
      <source>Payload</source>
      <translation>载荷</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="211" />
      <source>Response</source>
      <translation>响应</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="211" />
      <source>Frames</source>
      <translation>消息帧</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="212" />
      <source>Chunks / SSE</source>
      <translation>分块 / SSE</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="212" />
      <source>Timing</source>
      <translation>时序</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="215" />
      <source>dir</source>
      <translation>方向</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="215" />
      <location filename="../../simulator/ui/devtools/network_detail.py" line="218" />
      <source>time</source>
      <translation>时间</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="215" />
      <location filename="../../simulator/ui/devtools/network_detail.py" line="218" />
      <source>size</source>
      <translation>大小</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="215" />
      <source>payload</source>
      <translation>内容</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="218" />
      <source>#/event</source>
      <translation>序号/事件</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="218" />
      <source>data</source>
      <translation>数据</translation>
    </message>
    <message>
      <source>Ended by the page after the reply completed ({0})</source>
      <translation>回复完成后由页面结束（{0}）</translation>
    </message>
    <message>
      <source>response (headers / socket open)</source>
      <translation>响应（响应头 / 套接字打开）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_detail.py" line="1" />
      <source>Body byte {0} is byte {1} of this read (marked in the dump)</source>
      <translation>响应体第 {0} 字节是本次读取的第 {1} 字节（已在十六进制中标出）</translation>
    </message>
  </context>
  <context>
    <name>HistoryPanel</name>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="127" />
      <source>Export CSV</source>
      <translation>导出 CSV</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="130" />
      <source>CSV files (*.csv)</source>
      <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="147" />
      <source>not kept</source>
      <translation>未保存</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="148" />
      <source>History file: {0}</source>
      <translation>历史文件：{0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="149" />
      <source>Reset</source>
      <translation>清空</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="150" />
      <source>Export CSV…</source>
      <translation>导出 CSV…</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="153" />
      <source>exact</source>
      <translation>精确一致</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="154" />
      <source>consistent</source>
      <translation>跨方案一致</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="155" />
      <source>unverified</source>
      <translation>未验证</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="156" />
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="158" />
      <source>stopped</source>
      <translation>已停止</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="157" />
      <source>unsupported</source>
      <translation>不支持</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="158" />
      <source>embedded stub</source>
      <translation>内置桩服务</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="160" />
      <source>default</source>
      <translation>默认</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="163" />
      <source>transport</source>
      <translation>传输方式</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="164" />
      <source>backend</source>
      <translation>后端</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="165" />
      <source>network</source>
      <translation>网络</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="166" />
      <source>scenario</source>
      <translation>场景</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="167" />
      <source>verdict</source>
      <translation>结论</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="170" />
      <source>first byte p50</source>
      <translation>首字节 p50</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="171" />
      <source>first char p50</source>
      <translation>首字 p50</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="172" />
      <source>last char p50</source>
      <translation>末字 p50</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/history_panel.py" line="174" />
      <source>runs</source>
      <translation>次数</translation>
    </message>
    <message>
      <source>Not saved: {0}</source>
      <translation>未保存：{0}</translation>
    </message>
    <message>
      <source>Saved {0} runs to {1}</source>
      <translation>已保存 {0} 次运行到 {1}</translation>
    </message>
    <message>
      <source>first content byte p50</source>
      <translation>首个内容字节 p50</translation>
    </message>
  </context>
  <context>
    <name>InputBar</name>
    <message>
      <location filename="../../simulator/ui/phone/phone.py" line="280" />
      <source>Ask something…</source>
      <translation>问点什么…</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/phone/phone.py" line="281" />
      <source>Send</source>
      <translation>发送</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/phone/phone.py" line="282" />
      <source>Stop</source>
      <translation>停止</translation>
    </message>
  </context>
  <context>
    <name>Latency</name>
    <message>
      <location filename="../../simulator/ui/kit/formatting.py" line="31" />
      <source>connect</source>
      <translation>连接</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/kit/formatting.py" line="32" />
      <source>first byte</source>
      <translation>首字节</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/kit/formatting.py" line="33" />
      <source>first char</source>
      <translation>首字</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/kit/formatting.py" line="34" />
      <source>gaps</source>
      <translation>间隔</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/kit/formatting.py" line="35" />
      <source>total</source>
      <translation>总计</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/kit/formatting.py" line="36" />
      <source>requests</source>
      <translation>请求</translation>
    </message>
    <message>
      <source>The response began: headers, or a socket's 101 (a page never sees the TCP connect).</source>
      <translation>响应开始：收到响应头，或套接字返回 101（页面看不到 TCP 连接本身）。</translation>
    </message>
    <message>
      <source>response</source>
      <translation>响应</translation>
    </message>
    <message>
      <source>first content byte</source>
      <translation>首个内容字节</translation>
    </message>
    <message>
      <source>When the first byte of reply text arrived. The Network panel&apos;s &quot;first byte&quot; is any byte of one request, a protocol frame too (a socket&apos;s start frame): it can come earlier.</source>
      <translation>回复正文的第一个字节到达的时刻。网络面板里的“首字节”是单个请求收到的任意第一个字节，也包括协议帧（如 WebSocket 的 start 帧），所以可能更早。</translation>
    </message>
  </context>
  <context>
    <name>LatencyPanel</name>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="192" />
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="194" />
      <source>stopped</source>
      <translation>已停止</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="197" />
      <source>received · typing</source>
      <translation>已收完 · 打字中</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="199" />
      <source>arrived at once</source>
      <translation>一次性到达</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="199" />
      <source>painted</source>
      <translation>已显示完</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="200" />
      <source>streaming</source>
      <translation>流式中</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="223" />
      <source>This race (measured, best in bold)</source>
      <translation>本次竞速（实测，最佳加粗）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="225" />
      <source>This run (measured)</source>
      <translation>本次运行（实测）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="226" />
      <source>History per transport (p50 / p95)</source>
      <translation>各传输方式历史（p50 / p95）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="228" />
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="245" />
      <source>transport</source>
      <translation>传输方式</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="229" />
      <source>connect</source>
      <translation>连接</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="230" />
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="247" />
      <source>first byte</source>
      <translation>首字节</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="231" />
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="248" />
      <source>first char</source>
      <translation>首字</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="232" />
      <source>gaps p50/max</source>
      <translation>间隔 p50/最大</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="233" />
      <source>delivery p50</source>
      <translation>投递延迟 p50</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="234" />
      <source>last byte</source>
      <translation>末字节</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="235" />
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="249" />
      <source>last char</source>
      <translation>末字</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="236" />
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="251" />
      <source>requests</source>
      <translation>请求</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="237" />
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="252" />
      <source>bytes</source>
      <translation>字节</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="238" />
      <source>chars</source>
      <translation>字符</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="239" />
      <source>status</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="246" />
      <source>runs / failed</source>
      <translation>次数 / 失败</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="250" />
      <source>gap p95</source>
      <translation>间隔 p95</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/latency_panel.py" line="187" />
      <source>done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>network</source>
      <translation>网络</translation>
    </message>
    <message>
      <source>History per transport and network (p50 / p95)</source>
      <translation>按传输方式和网络的历史（p50 / p95）</translation>
    </message>
    <message>
      <source>response</source>
      <translation>响应</translation>
    </message>
    <message>
      <source>first content byte</source>
      <translation>首个内容字节</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../simulator/ui/shell/main_window.py" line="1" />
      <source>Backend: embedded stub ({0})</source>
      <translation>后端：内置桩服务（{0}）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/main_window.py" line="233" />
      <source>Network: {0} · Scenario: {1}</source>
      <translation>网络：{0} · 场景：{1}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/main_window.py" line="430" />
      <source>WeChat mini-program streaming chat simulator</source>
      <translation>微信小程序流式对话模拟器</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/main_window.py" line="439" />
      <source>Transport: how the chat page streams the reply</source>
      <translation>传输方式：聊天页面如何流式接收回复</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/main_window.py" line="440" />
      <source>Race mode</source>
      <translation>竞速模式</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/main_window.py" line="441" />
      <source>Settings…</source>
      <translation>设置…</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/main_window.py" line="442" />
      <source>Latency</source>
      <translation>延迟</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/main_window.py" line="443" />
      <source>Network</source>
      <translation>网络</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/main_window.py" line="444" />
      <source>History</source>
      <translation>历史</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/main_window.py" line="445" />
      <source>Panels</source>
      <translation>面板</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/main_window.py" line="446" />
      <source>Show or hide the measurement panels</source>
      <translation>显示或隐藏测量面板</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/main_window.py" line="452" />
      <source>Custom (settings)</source>
      <translation>自定义（设置中）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/main_window.py" line="456" />
      <source>Fit</source>
      <translation>适应窗口</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/main_window.py" line="460" />
      <source>Backend: {0}</source>
      <translation>后端：{0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/main_window.py" line="460" />
      <source>Backend: embedded stub</source>
      <translation>后端：内置桩服务</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/main_window.py" line="224" />
      <source>Network log</source>
      <translation>网络日志</translation>
    </message>
    <message>
      <source>Custom: {0}</source>
      <translation>自定义：{0}</translation>
    </message>
    <message>
      <source>Network: {0}</source>
      <translation>网络：{0}</translation>
    </message>
  </context>
  <context>
    <name>NetworkLog</name>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="1" />
      <source>(failed)</source>
      <translation>（失败）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="1" />
      <source>(ended by page)</source>
      <translation>（页面已结束）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="57" />
      <source>transport</source>
      <translation>传输方式</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="54" />
      <source>method</source>
      <translation>方法</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="53" />
      <source>name</source>
      <translation>名称</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="55" />
      <source>status</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="56" />
      <source>type</source>
      <translation>类型</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="59" />
      <source>time</source>
      <translation>耗时</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="60" />
      <source>waterfall</source>
      <translation>瀑布图</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="66" />
      <source>request</source>
      <translation>请求</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="67" />
      <source>chunked</source>
      <translation>分块</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="68" />
      <source>download</source>
      <translation>下载</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="69" />
      <source>socket</source>
      <translation>套接字</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="70" />
      <source>poll</source>
      <translation>轮询</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="71" />
      <source>file</source>
      <translation>文件</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="72" />
      <source>note</source>
      <translation>提示</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="73" />
      <source>fallback</source>
      <translation>降级</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="78" />
      <source>started</source>
      <translation>已开始</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="79" />
      <source>queued</source>
      <translation>排队中</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="80" />
      <source>open</source>
      <translation>已打开</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="81" />
      <source>done</source>
      <translation>完成</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="82" />
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="83" />
      <source>closed</source>
      <translation>已关闭</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="457" />
      <source>Export HAR</source>
      <translation>导出 HAR</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="460" />
      <source>HAR files (*.har)</source>
      <translation>HAR 文件 (*.har)</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="479" />
      <source>Filter:</source>
      <translation>筛选：</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="480" />
      <source>all transports</source>
      <translation>全部传输方式</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="481" />
      <source>all types</source>
      <translation>全部类型</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="484" />
      <source>Search URL</source>
      <translation>搜索 URL</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="485" />
      <source>Clear</source>
      <translation>清除</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="486" />
      <source>Export HAR…</source>
      <translation>导出 HAR…</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="58" />
      <source>size</source>
      <translation>大小</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="44" />
      <source>kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="46" />
      <source>url</source>
      <translation>地址</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="50" />
      <source>chunks</source>
      <translation>分块</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="51" />
      <source>state</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="272" />
      <source>Transport:</source>
      <translation>传输方式：</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/network_log.py" line="273" />
      <source>all</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>Not saved: {0}</source>
      <translation>未保存：{0}</translation>
    </message>
    <message>
      <source>Saved {0} entries to {1}</source>
      <translation>已保存 {0} 条记录到 {1}</translation>
    </message>
    <message>
      <source>The page ended the task after its reply had completed: a normal end.</source>
      <translation>回复完成后页面结束了该任务：属于正常结束。</translation>
    </message>
    <message>
      <source>closed {0}</source>
      <translation>已关闭 {0}</translation>
    </message>
  </context>
  <context>
    <name>Phone</name>
    <message>
      <location filename="../../simulator/ui/phone/phone.py" line="51" />
      <source>iPhone 15</source>
      <translation>iPhone 15</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/phone/phone.py" line="52" />
      <source>iPhone SE</source>
      <translation>iPhone SE</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/phone/phone.py" line="53" />
      <source>Android (mid-range)</source>
      <translation>安卓（中端机）</translation>
    </message>
  </context>
  <context>
    <name>PhonePage</name>
    <message>
      <location filename="../../simulator/ui/phone/phone.py" line="341" />
      <source>Reply copied</source>
      <translation>已复制回复</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/phone/phone.py" line="349" />
      <source>AI Assistant</source>
      <translation>AI 助手</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/phone/phone.py" line="350" />
      <source>Copy the reply</source>
      <translation>复制回复</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/phone/phone.py" line="351" />
      <source>Reload the page</source>
      <translation>重新进入页面</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/phone/phone.py" line="352" />
      <source>Home: a fresh page</source>
      <translation>主页：重新打开页面</translation>
    </message>
  </context>
  <context>
    <name>RaceTable</name>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="105" />
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="107" />
      <source>stopped</source>
      <translation>已停止</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="110" />
      <source>received · typing</source>
      <translation>已收完 · 打字中</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="112" />
      <source>arrived at once</source>
      <translation>一次性到达</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="112" />
      <source>painted</source>
      <translation>已显示完</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="114" />
      <source>connecting</source>
      <translation>连接中</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="116" />
      <source>waiting</source>
      <translation>等待首字节</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="117" />
      <source>streaming</source>
      <translation>流式中</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="137" />
      <source>transport</source>
      <translation>传输方式</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="138" />
      <source>connect</source>
      <translation>连接</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="139" />
      <source>first byte</source>
      <translation>首字节</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="140" />
      <source>first char</source>
      <translation>首字</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="141" />
      <source>last byte</source>
      <translation>末字节</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="142" />
      <source>gaps p50/max</source>
      <translation>间隔 p50/最大</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="143" />
      <source>requests</source>
      <translation>请求</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="144" />
      <source>bytes</source>
      <translation>字节</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="145" />
      <source>state</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/race_table.py" line="104" />
      <source>done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>response</source>
      <translation>响应</translation>
    </message>
    <message>
      <source>first content byte</source>
      <translation>首个内容字节</translation>
    </message>
  </context>
  <context>
    <name>RaceView</name>
    <message>
      <location filename="../../simulator/ui/shell/race_view.py" line="81" />
      <source>Race: “{0}”</source>
      <translation>竞速：“{0}”</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/race_view.py" line="83" />
      <source>Race mode: send one prompt to every transport at once.</source>
      <translation>竞速模式：同一个问题同时发往所有传输方式。</translation>
    </message>
  </context>
  <context>
    <name>Scenario</name>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="27" />
      <source>Default</source>
      <translation>默认</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="30" />
      <source>The stub's normal reply: a short first-token wait, then steady text.</source>
      <translation>桩服务的正常回复：首字稍等片刻，随后匀速输出。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="36" />
      <source>Slow first token</source>
      <translation>首字慢</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="39" />
      <source>Three seconds before the first character, like a busy model.</source>
      <translation>首字前等待三秒，如同繁忙的模型。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="45" />
      <source>Stall mid-reply</source>
      <translation>中途卡顿</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="48" />
      <source>Four seconds of silence after 20 chunks: does the UI look frozen?</source>
      <translation>20 个分块后静默四秒：界面看起来像卡死了吗？</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="54" />
      <source>Drop at chunk 20</source>
      <translation>第 20 块断开</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="57" />
      <source>Cut after 20 chunks without a goodbye: the text so far must stay.</source>
      <translation>20 个分块后直接断开连接：已收到的文字必须保留。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="64" />
      <source>Server error 500</source>
      <translation>服务器错误 500</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="66" />
      <source>The backend answers HTTP 500 instead of a reply.</source>
      <translation>后端返回 HTTP 500 而不是回复。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="69" />
      <source>Error mid-stream</source>
      <translation>流中出错</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="72" />
      <source>The reply fails in-band before chunk 15 (error frame or SSE error event).</source>
      <translation>第 15 块前在流内报错（错误帧或 SSE error 事件）。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="79" />
      <source>Malformed frame</source>
      <translation>格式错误的帧</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="82" />
      <source>One unparseable frame before chunk 10; the stream goes on.</source>
      <translation>第 10 块前插入一个无法解析的帧，流继续。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="88" />
      <source>UTF-8 split</source>
      <translation>UTF-8 拆分</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="91" />
      <source>Every body write is cut into 1-byte reads: a Chinese character spans reads.</source>
      <translation>每次写入都拆成 1 字节：一个汉字跨越多次读取。</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="98" />
      <source>Fast burst</source>
      <translation>快速突发</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/scenarios.py" line="100" />
      <source>No wait, 400 tokens/s: the typewriter's backlog shows.</source>
      <translation>不等待，每秒 400 个 token：可以看到打字机的积压。</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="42" />
      <source>adaptive (catch up on bursts)</source>
      <translation>自适应（突发时追赶）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="43" />
      <source>fixed rate</source>
      <translation>固定速率</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="44" />
      <source>fast (whole reply in 1 s)</source>
      <translation>快速（1 秒打完）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="45" />
      <source>strict (like a device)</source>
      <translation>严格（同真机）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="46" />
      <source>lenient (like DevTools)</source>
      <translation>宽松（同开发者工具）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="66" />
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="71" />
      <source>empty: embedded stub</source>
      <translation>留空：内置桩服务</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="84" />
      <source> chars/s</source>
      <translation> 字/秒</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="90" />
      <source>Backend URL</source>
      <translation>后端地址</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="91" />
      <source>Backend profile</source>
      <translation>后端类型</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="92" />
      <source>Token</source>
      <translation>令牌</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="93" />
      <source>Model (OpenAI)</source>
      <translation>模型（OpenAI）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="94" />
      <source>Paths</source>
      <translation>路径</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="95" />
      <source>Network profile</source>
      <translation>网络环境</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="96" />
      <source>Stub scenario</source>
      <translation>桩服务场景</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="97" />
      <source>Typewriter speed</source>
      <translation>打字机速度</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="98" />
      <source>Typewriter policy</source>
      <translation>打字机策略</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="99" />
      <source>Download fidelity</source>
      <translation>下载保真度</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="100" />
      <source>Base library version</source>
      <translation>基础库版本</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="1" />
      <source> bytes</source>
      <translation> 字节</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="1" />
      <source> s</source>
      <translation> 秒</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="1" />
      <source> ms</source>
      <translation> 毫秒</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="1" />
      <source>Network seed</source>
      <translation>网络随机种子</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="1" />
      <source>Platform</source>
      <translation>平台</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="1" />
      <source>Chunk slicing</source>
      <translation>分片重切</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="1" />
      <source>Slice size</source>
      <translation>分片大小</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="1" />
      <source>Smallest slice (random)</source>
      <translation>最小分片（随机）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="1" />
      <source>Merge probability</source>
      <translation>合并概率</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="1" />
      <source>Auto: first text within</source>
      <translation>自动：首字时限</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="1" />
      <source>Request timeout</source>
      <translation>请求超时</translation>
    </message>
    <message>
      <source>PC WeChat</source>
      <translation>PC 微信</translation>
    </message>
    <message>
      <source>WeChat DevTools</source>
      <translation>微信开发者工具</translation>
    </message>
    <message>
      <source>fixed size</source>
      <translation>固定大小</translation>
    </message>
    <message>
      <source>off (the platform's default)</source>
      <translation>关闭（平台默认）</translation>
    </message>
    <message>
      <source>random sizes (seeded)</source>
      <translation>随机大小（按种子）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="1" />
      <source>Probed profile</source>
      <translation>探测所得配置</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="1" />
      <source>Probe…</source>
      <translation>探测…</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="1" />
      <source>Replay cassette</source>
      <translation>回放录制文件</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="1" />
      <source>empty: the backend profile below</source>
      <translation>留空：使用下方的后端配置</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/settings_dialog.py" line="1" />
      <source>empty: the stub's fake LLM</source>
      <translation>留空：使用桩服务的模拟大模型</translation>
    </message>
    <message>
      <source>phone</source>
      <translation>手机</translation>
    </message>
    <message>
      <source>like a phone (merged and split, seeded)</source>
      <translation>像手机一样（合并与拆分，按种子）</translation>
    </message>
    <message>
      <source>ideal (one network read, one callback)</source>
      <translation>理想（一次网络读取，一次回调）</translation>
    </message>
    <message>
      <source>Chunk delivery</source>
      <translation>分片投递</translation>
    </message>
    <message>
      <source>Backend</source>
      <translation>后端</translation>
    </message>
    <message>
      <source>Network and platform</source>
      <translation>网络与平台</translation>
    </message>
    <message>
      <source>Typewriter</source>
      <translation>打字机</translation>
    </message>
  </context>
  <context>
    <name>UserBubble</name>
    <message>
      <location filename="../../simulator/ui/phone/bubbles.py" line="65" />
      <source>… (+{0} more characters)</source>
      <translation>…（另有 {0} 个字符）</translation>
    </message>
  </context>
  <context>
    <name>Transports</name>
    <message>
      <location filename="../../simulator/transports/registry.py" line="1" />
      <source>Auto (smart fallback)</source>
      <translation>自动（智能降级）</translation>
    </message>
    <message>
      <location filename="../../simulator/transports/registry.py" line="1" />
      <source>WebSocket</source>
      <translation>WebSocket</translation>
    </message>
    <message>
      <location filename="../../simulator/transports/registry.py" line="1" />
      <source>Chunked (enableChunked)</source>
      <translation>分块传输（enableChunked）</translation>
    </message>
    <message>
      <location filename="../../simulator/transports/registry.py" line="1" />
      <source>Download (progress)</source>
      <translation>下载（进度回调）</translation>
    </message>
    <message>
      <location filename="../../simulator/transports/registry.py" line="1" />
      <source>Polling (1 s)</source>
      <translation>轮询（1 秒）</translation>
    </message>
    <message>
      <location filename="../../simulator/transports/registry.py" line="1" />
      <source>Long polling</source>
      <translation>长轮询</translation>
    </message>
    <message>
      <location filename="../../simulator/transports/registry.py" line="1" />
      <source>Sync (one request)</source>
      <translation>同步（一次请求）</translation>
    </message>
  </context>
  <context>
    <name>PageMode</name>
    <message>
      <location filename="../../simulator/ui/shell/page_mode.py" line="1" />
      <source>The page picks its own transport</source>
      <translation>页面自行选择传输方式</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/page_mode.py" line="1" />
      <source>The page did not load: {0}</source>
      <translation>页面未能加载：{0}</translation>
    </message>
    <message>
      <source>Open page</source>
      <translation>打开页面</translation>
    </message>
    <message>
      <source>Page…</source>
      <translation>打开页面…</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/page_mode.py" line="1" />
      <source>Open a single-file page (.js, .ts)</source>
      <translation>打开单文件页面（.js、.ts）</translation>
    </message>
    <message>
      <source>Page console</source>
      <translation>页面控制台</translation>
    </message>
    <message>
      <source>Reload page</source>
      <translation>重新加载页面</translation>
    </message>
    <message>
      <source>the page is not running: reload it</source>
      <translation>页面未在运行：请重新加载</translation>
    </message>
    <message>
      <source>Page: {0}</source>
      <translation>页面：{0}</translation>
    </message>
    <message>
      <source>— backend changed: reloading</source>
      <translation>— 后端已更改：重新加载</translation>
    </message>
    <message>
      <source>— {0} changed: reloading</source>
      <translation>— {0} 已更改：重新加载</translation>
    </message>
    <message>
      <source>backend: {0}</source>
      <translation>后端：{0}</translation>
    </message>
    <message>
      <source>module</source>
      <translation>模块</translation>
    </message>
    <message>
      <source>Page({...})</source>
      <translation>Page({...})</translation>
    </message>
    <message>
      <source>— {0} loaded in {1} ms ({2} style)</source>
      <translation>— {0} 已加载，用时 {1} 毫秒（{2} 写法）</translation>
    </message>
    <message>
      <source>— debugger on 127.0.0.1:{0}: chrome://inspect</source>
      <translation>— 调试器在 127.0.0.1:{0}：chrome://inspect</translation>
    </message>
  </context>
  <context>
    <name>ProbeDialog</name>
    <message>
      <location filename="../../simulator/ui/dialogs/probe_dialog.py" line="1" />
      <source>Probe backend</source>
      <translation>探测后端</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/probe_dialog.py" line="1" />
      <source>Probe again</source>
      <translation>重新探测</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/probe_dialog.py" line="1" />
      <source>Probe failed: {0}</source>
      <translation>探测失败：{0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/probe_dialog.py" line="1" />
      <source>Probing {0} — request {1}: {2}</source>
      <translation>正在探测 {0} —— 第 {1} 个请求：{2}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/probe_dialog.py" line="1" />
      <source>Use this profile</source>
      <translation>使用此配置</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/probe_dialog.py" line="1" />
      <source>nothing works</source>
      <translation>均不可用</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/dialogs/probe_dialog.py" line="1" />
      <source>{0}: {1} — profile saved to {2}</source>
      <translation>{0}：{1} —— 配置已保存到 {2}</translation>
    </message>
    <message>
      <source>Nothing answered at {0}: no profile saved</source>
      <translation>{0} 没有任何应答：未保存配置</translation>
    </message>
  </context>
  <context>
    <name>Networks</name>
    <message>
      <location filename="../../simulator/wx/network.py" line="1" />
      <source>unthrottled</source>
      <translation>不限速</translation>
    </message>
    <message>
      <location filename="../../simulator/wx/network.py" line="1" />
      <source>Wi-Fi</source>
      <translation>Wi-Fi</translation>
    </message>
    <message>
      <location filename="../../simulator/wx/network.py" line="1" />
      <source>4G</source>
      <translation>4G</translation>
    </message>
    <message>
      <location filename="../../simulator/wx/network.py" line="1" />
      <source>3G</source>
      <translation>3G</translation>
    </message>
    <message>
      <location filename="../../simulator/wx/network.py" line="1" />
      <source>2G</source>
      <translation>2G</translation>
    </message>
    <message>
      <location filename="../../simulator/wx/network.py" line="1" />
      <source>offline</source>
      <translation>离线</translation>
    </message>
    <message>
      <location filename="../../simulator/wx/network.py" line="1" />
      <source>No service</source>
      <translation>无服务</translation>
    </message>
  </context>
  <context>
    <name>Messages</name>
    <message>
      <source>partial read refused, the reply will arrive whole at the end: {0}</source>
      <translation>分段读取被拒绝，回复将在结束时整体到达：{0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/kit/messages.py" line="1" />
      <source>Partial reads refused: the reply will arrive whole at the end.</source>
      <translation>分段读取被拒绝：回复将在结束时整体到达。</translation>
    </message>
    <message>
      <source>malformed body bytes: {0}</source>
      <translation>响应体中有无法解析的字节：{0}</translation>
    </message>
    <message>
      <source>text altered: {0}</source>
      <translation>页面收到的文本与服务器发送的不同：{0}</translation>
    </message>
    <message>
      <source>malformed event ignored: {0}</source>
      <translation>已忽略格式错误的事件：{0}</translation>
    </message>
    <message>
      <source>no chunk arrived: the whole body came with success</source>
      <translation>没有收到分块：整个响应体随 success 一次到达</translation>
    </message>
    <message>
      <source>backend ignores the cursor ({0}): snapshot polling every {1} s</source>
      <translation>后端忽略游标（{0}）：改为每 {1} 秒轮询快照</translation>
    </message>
    <message>
      <source>{0}; reconnecting in {1} ms ({2}/{3})</source>
      <translation>{0}；{1} 毫秒后重连（{2}/{3}）</translation>
    </message>
    <message>
      <source>resuming reply {0} from seq {1}</source>
      <translation>从序号 {1} 续传回复 {0}</translation>
    </message>
    <message>
      <source>non-text frame ignored ({0} bytes)</source>
      <translation>已忽略非文本帧（{0} 字节）</translation>
    </message>
    <message>
      <source>{0} frame ignored: {1}</source>
      <translation>已忽略 {0} 帧：{1}</translation>
    </message>
    <message>
      <source>duplicate chunk {0} dropped</source>
      <translation>已丢弃重复分块 {0}</translation>
    </message>
    <message>
      <source>{0} skipped: base library lacks {1}</source>
      <translation>已跳过 {0}：基础库缺少 {1}</translation>
    </message>
    <message>
      <source>connection closed ({0})</source>
      <translation>连接已关闭（{0}）</translation>
    </message>
    <message>
      <source>no frame for {0} s</source>
      <translation>{0} 秒内没有收到帧</translation>
    </message>
    <message>
      <source>chunk {0} missing (got {1})</source>
      <translation>缺少分块 {0}（收到的是 {1}）</translation>
    </message>
    <message>
      <source>done after {0} chunks but only {1} arrived</source>
      <translation>服务端在 {0} 个分块后结束，但只收到 {1} 个</translation>
    </message>
    <message>
      <source>server error {0}: {1}</source>
      <translation>服务器错误 {0}：{1}</translation>
    </message>
    <message>
      <source>answers at once instead of waiting (wait_ms ignored)</source>
      <translation>立即应答而不等待（忽略了 wait_ms）</translation>
    </message>
    <message>
      <source>answered the whole content despite the cursor</source>
      <translation>尽管带了游标，仍返回了全部内容</translation>
    </message>
  </context>
  <context>
    <name>QFileDialog</name>
    <message>
      <source>&amp;Look in:</source>
      <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
      <source>Files of &amp;type:</source>
      <translation>文件类型(&amp;T)：</translation>
    </message>
  </context>
  <context>
    <name>AppDataPanel</name>
    <message>
      <location filename="../../simulator/ui/devtools/appdata_panel.py" line="1" />
      <source>Key</source>
      <translation>键</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/appdata_panel.py" line="1" />
      <source>Value</source>
      <translation>值</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/appdata_panel.py" line="1" />
      <source>Double-click a value to edit it: the page&apos;s setData</source>
      <translation>双击值即可编辑：调用页面自己的 setData</translation>
    </message>
  </context>
  <context>
    <name>NativeChrome</name>
    <message>
      <location filename="../../simulator/ui/phone/native_chrome.py" line="1" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>ProjectMode</name>
    <message>
      <location filename="../../simulator/ui/shell/project_mode.py" line="1" />
      <source>— settings changed: reopening the project</source>
      <translation>— 设置已更改：重新打开项目</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/project_mode.py" line="1" />
      <source>Project…</source>
      <translation>打开项目…</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/project_mode.py" line="1" />
      <source>Project: {0}</source>
      <translation>项目：{0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/project_mode.py" line="1" />
      <source>Open a mini-program project folder (app.json)</source>
      <translation>打开小程序项目文件夹（含 app.json）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/project_mode.py" line="1" />
      <source>Page console</source>
      <translation>页面控制台</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/project_mode.py" line="1" />
      <source>AppData</source>
      <translation>AppData</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/project_mode.py" line="1" />
      <source>WXML</source>
      <translation>WXML</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/project_mode.py" line="1" />
      <source>native</source>
      <translation>原生</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/project_mode.py" line="1" />
      <source>{0} — {1} project</source>
      <translation>{0} — {1}项目</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/project_mode.py" line="1" />
      <source>Open project</source>
      <translation>打开项目</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/project_mode.py" line="1" />
      <source>No recent projects</source>
      <translation>暂无最近项目</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/project_mode.py" line="1" />
      <source>Cannot open the project: {0}</source>
      <translation>无法打开项目：{0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/project_mode.py" line="1" />
      <source>backend: {0}</source>
      <translation>后端：{0}</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/project_mode.py" line="1" />
      <source>— {0} opened in {1} ms ({2})</source>
      <translation>— {0} 已打开，用时 {1} ms（{2}）</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/project_mode.py" line="1" />
      <source>— AppData: setData({0})</source>
      <translation>— AppData：setData({0})</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/shell/project_mode.py" line="1" />
      <source>WXML panel: {0}</source>
      <translation>WXML 面板：{0}</translation>
    </message>
  </context>
  <context>
    <name>WxmlPanel</name>
    <message>
      <location filename="../../simulator/ui/devtools/wxml_panel.py" line="1" />
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <location filename="../../simulator/ui/devtools/wxml_panel.py" line="1" />
      <source>Hover an element to outline it in the phone</source>
      <translation>悬停在元素上，手机里会框出该元素</translation>
    </message>
  </context>
  <context>
    <name>TransportsOffNote</name>
    <message>
      <source>Transport and race mode are off: the page makes its own requests</source>
      <translation>传输方式和竞速模式已关闭：由页面自己发起请求</translation>
    </message>
    <message>
      <source>The page&apos;s own code picks wx.request, wx.connectSocket or another API; the Network panel shows what it used.</source>
      <translation>页面自己的代码选择 wx.request、wx.connectSocket 或其他接口；网络面板会显示它实际用了什么。</translation>
    </message>
  </context>
</TS>
