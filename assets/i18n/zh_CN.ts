<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AssistantBubble</name>
    <message>
        <location filename="../../simulator/ui/bubbles.py" line="236"/>
        <source>Connecting…</source>
        <translation>连接中…</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/bubbles.py" line="238"/>
        <source>⚠ Error: {0}. The text received so far is kept.</source>
        <translation>⚠ 出错：{0}。已收到的文字已保留。</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/bubbles.py" line="240"/>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
</context>
<context>
    <name>CharsChart</name>
    <message>
        <location filename="../../simulator/ui/chars_chart.py" line="68"/>
        <source>Characters over time</source>
        <translation>字符随时间变化</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/chars_chart.py" line="70"/>
        <source>emitted</source>
        <translation>发出</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/chars_chart.py" line="71"/>
        <source>arrived</source>
        <translation>到达</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/chars_chart.py" line="72"/>
        <source>painted</source>
        <translation>绘制</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/chars_chart.py" line="74"/>
        <source>s after send</source>
        <translation>发送后秒数</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../simulator/ui/chat_view.py" line="95"/>
        <source>Ask the assistant something: the reply streams in, with its cost beside it.</source>
        <translation>向 AI 助手提个问题：回复会流式逐字出现，代价就显示在旁边。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../simulator/ui/errors.py" line="1"/>
        <source>The request was aborted.</source>
        <translation>请求已被中止。</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/errors.py" line="1"/>
        <source>This backend has no endpoint for this transport.</source>
        <translation>该后端没有此传输方式的接口。</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/errors.py" line="1"/>
        <source>The page&apos;s request is invalid (check the URL and paths).</source>
        <translation>页面的请求无效（请检查 URL 和路径）。</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/errors.py" line="21"/>
        <source>The message is too large for the backend.</source>
        <translation>消息太大，后端拒收。</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/errors.py" line="25"/>
        <source>The backend cannot be reached.</source>
        <translation>无法连接后端。</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/errors.py" line="29"/>
        <source>The backend did not answer in time.</source>
        <translation>后端未在时限内响应。</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/errors.py" line="33"/>
        <source>The connection dropped in the middle of the reply.</source>
        <translation>回复途中连接断开。</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/errors.py" line="37"/>
        <source>The backend answered with an error.</source>
        <translation>后端返回了错误。</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/errors.py" line="41"/>
        <source>The backend sent data the page cannot read.</source>
        <translation>后端发来了页面无法解析的数据。</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/errors.py" line="44"/>
        <source>The reply failed.</source>
        <translation>回复失败。</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/errors.py" line="45"/>
        <source>The {0} characters received so far are kept.</source>
        <translation>已收到的 {0} 个字符已保留。</translation>
    </message>
</context>
<context>
    <name>InputBar</name>
    <message>
        <location filename="../../simulator/ui/phone.py" line="145"/>
        <source>Ask something…</source>
        <translation>问点什么…</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/phone.py" line="146"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/phone.py" line="147"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>Latency</name>
    <message>
        <location filename="../../simulator/ui/formatting.py" line="31"/>
        <source>connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/formatting.py" line="32"/>
        <source>first byte</source>
        <translation>首字节</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/formatting.py" line="33"/>
        <source>first char</source>
        <translation>首字</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/formatting.py" line="34"/>
        <source>gaps</source>
        <translation>间隔</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/formatting.py" line="35"/>
        <source>total</source>
        <translation>总计</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/formatting.py" line="36"/>
        <source>requests</source>
        <translation>请求</translation>
    </message>
</context>
<context>
    <name>LatencyPanel</name>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="182"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="184"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="187"/>
        <source>buffered!</source>
        <translation>被缓冲！</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="187"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="188"/>
        <source>streaming</source>
        <translation>流式中</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="211"/>
        <source>This race (measured, best in bold)</source>
        <translation>本次竞速（实测，最佳加粗）</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="213"/>
        <source>This run (measured)</source>
        <translation>本次运行（实测）</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="214"/>
        <source>History per transport (p50 / p95)</source>
        <translation>各传输方式历史（p50 / p95）</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="216"/>
        <location filename="../../simulator/ui/latency_panel.py" line="233"/>
        <source>transport</source>
        <translation>传输方式</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="217"/>
        <source>connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="218"/>
        <location filename="../../simulator/ui/latency_panel.py" line="235"/>
        <source>first byte</source>
        <translation>首字节</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="219"/>
        <location filename="../../simulator/ui/latency_panel.py" line="236"/>
        <source>first char</source>
        <translation>首字</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="220"/>
        <source>gaps p50/max</source>
        <translation>间隔 p50/最大</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="221"/>
        <source>delivery p50</source>
        <translation>投递延迟 p50</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="222"/>
        <source>last byte</source>
        <translation>末字节</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="223"/>
        <location filename="../../simulator/ui/latency_panel.py" line="237"/>
        <source>last char</source>
        <translation>末字</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="224"/>
        <location filename="../../simulator/ui/latency_panel.py" line="239"/>
        <source>requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="225"/>
        <location filename="../../simulator/ui/latency_panel.py" line="240"/>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="226"/>
        <source>chars</source>
        <translation>字符</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="227"/>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="234"/>
        <source>runs / failed</source>
        <translation>次数 / 失败</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="238"/>
        <source>gap p95</source>
        <translation>间隔 p95</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="219"/>
        <source>WeChat mini-program streaming chat simulator</source>
        <translation>微信小程序流式对话模拟器</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="220"/>
        <source>Transport </source>
        <translation>传输方式 </translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="221"/>
        <source>Race mode</source>
        <translation>竞速模式</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="222"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="223"/>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="224"/>
        <source>Network log</source>
        <translation>网络日志</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="227"/>
        <source>Backend: {0}</source>
        <translation>后端：{0}</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="227"/>
        <source>Backend: embedded stub</source>
        <translation>后端：内置桩服务</translation>
    </message>
</context>
<context>
    <name>NetworkLog</name>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="43"/>
        <source>transport</source>
        <translation>传输方式</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="44"/>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="45"/>
        <source>method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="46"/>
        <source>url</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="47"/>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="48"/>
        <source>time</source>
        <translation>耗时</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="49"/>
        <source>size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="50"/>
        <source>chunks</source>
        <translation>分块</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="51"/>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="272"/>
        <source>Transport:</source>
        <translation>传输方式：</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="273"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
</context>
<context>
    <name>PhonePage</name>
    <message>
        <location filename="../../simulator/ui/phone.py" line="185"/>
        <source>AI Assistant</source>
        <translation>AI 助手</translation>
    </message>
</context>
<context>
    <name>RaceTable</name>
    <message>
        <location filename="../../simulator/ui/race_table.py" line="99"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_table.py" line="101"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_table.py" line="104"/>
        <source>buffered!</source>
        <translation>被缓冲！</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_table.py" line="104"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_table.py" line="106"/>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_table.py" line="108"/>
        <source>waiting</source>
        <translation>等待首字节</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_table.py" line="109"/>
        <source>streaming</source>
        <translation>流式中</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_table.py" line="129"/>
        <source>transport</source>
        <translation>传输方式</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_table.py" line="130"/>
        <source>connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_table.py" line="131"/>
        <source>first byte</source>
        <translation>首字节</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_table.py" line="132"/>
        <source>first char</source>
        <translation>首字</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_table.py" line="133"/>
        <source>last byte</source>
        <translation>末字节</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_table.py" line="134"/>
        <source>gaps p50/max</source>
        <translation>间隔 p50/最大</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_table.py" line="135"/>
        <source>requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_table.py" line="136"/>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_table.py" line="137"/>
        <source>state</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>RaceView</name>
    <message>
        <location filename="../../simulator/ui/race_view.py" line="79"/>
        <source>Race: “{0}”</source>
        <translation>竞速：“{0}”</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_view.py" line="81"/>
        <source>Race mode: send one prompt to every transport at once.</source>
        <translation>竞速模式：同一个问题同时发往所有传输方式。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="1"/>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="1"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="1"/>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="1"/>
        <source>Network seed</source>
        <translation>网络随机种子</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="1"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="1"/>
        <source>Chunk slicing</source>
        <translation>分片重切</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="1"/>
        <source>Slice size</source>
        <translation>分片大小</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="1"/>
        <source>Smallest slice (random)</source>
        <translation>最小分片（随机）</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="1"/>
        <source>Merge probability</source>
        <translation>合并概率</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="1"/>
        <source>Auto: first text within</source>
        <translation>自动：首字时限</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="1"/>
        <source>Request timeout</source>
        <translation>请求超时</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="39"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="43"/>
        <source>empty: embedded stub</source>
        <translation>留空：内置桩服务</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="55"/>
        <source> chars/s</source>
        <translation> 字/秒</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="61"/>
        <source>Backend URL</source>
        <translation>后端地址</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="62"/>
        <source>Backend profile</source>
        <translation>后端类型</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="63"/>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="64"/>
        <source>Model (OpenAI)</source>
        <translation>模型（OpenAI）</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="65"/>
        <source>Paths</source>
        <translation>路径</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="66"/>
        <source>Network profile</source>
        <translation>网络环境</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="67"/>
        <source>Stub scenario</source>
        <translation>桩服务场景</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="68"/>
        <source>Typewriter speed</source>
        <translation>打字机速度</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="69"/>
        <source>Typewriter policy</source>
        <translation>打字机策略</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="70"/>
        <source>Download fidelity</source>
        <translation>下载保真度</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="71"/>
        <source>Base library version</source>
        <translation>基础库版本</translation>
    </message>
</context>
<context>
    <name>UserBubble</name>
    <message>
        <location filename="../../simulator/ui/bubbles.py" line="63"/>
        <source>… (+{0} more characters)</source>
        <translation>…（另有 {0} 个字符）</translation>
    </message>
</context>
<context>
    <name>Transports</name>
    <message>
        <location filename="../../simulator/transports/registry.py" line="1"/>
        <source>Auto (smart fallback)</source>
        <translation>自动（智能降级）</translation>
    </message>
    <message>
        <location filename="../../simulator/transports/registry.py" line="1"/>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <location filename="../../simulator/transports/registry.py" line="1"/>
        <source>Chunked (enableChunked)</source>
        <translation>分块传输（enableChunked）</translation>
    </message>
    <message>
        <location filename="../../simulator/transports/registry.py" line="1"/>
        <source>Download (progress)</source>
        <translation>下载（进度回调）</translation>
    </message>
    <message>
        <location filename="../../simulator/transports/registry.py" line="1"/>
        <source>Polling (1 s)</source>
        <translation>轮询（1 秒）</translation>
    </message>
    <message>
        <location filename="../../simulator/transports/registry.py" line="1"/>
        <source>Long polling</source>
        <translation>长轮询</translation>
    </message>
    <message>
        <location filename="../../simulator/transports/registry.py" line="1"/>
        <source>Sync (one request)</source>
        <translation>同步（一次请求）</translation>
    </message>
</context>
</TS>
