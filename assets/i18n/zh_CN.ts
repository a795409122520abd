<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AssistantBubble</name>
    <message>
        <location filename="../../simulator/ui/bubbles.py" line="203"/>
        <source>Connecting…</source>
        <translation>连接中…</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/bubbles.py" line="205"/>
        <source>⚠ Error: {0}. The text received so far is kept.</source>
        <translation>⚠ 出错：{0}。已收到的文字已保留。</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/bubbles.py" line="207"/>
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
        <location filename="../../simulator/ui/latency_panel.py" line="160"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="162"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="165"/>
        <source>buffered!</source>
        <translation>被缓冲！</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="165"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="166"/>
        <source>streaming</source>
        <translation>流式中</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="188"/>
        <source>This run (measured)</source>
        <translation>本次运行（实测）</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="189"/>
        <source>History per transport (p50 / p95)</source>
        <translation>各传输方式历史（p50 / p95）</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="191"/>
        <location filename="../../simulator/ui/latency_panel.py" line="208"/>
        <source>transport</source>
        <translation>传输方式</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="192"/>
        <source>connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="193"/>
        <location filename="../../simulator/ui/latency_panel.py" line="210"/>
        <source>first byte</source>
        <translation>首字节</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="194"/>
        <location filename="../../simulator/ui/latency_panel.py" line="211"/>
        <source>first char</source>
        <translation>首字</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="195"/>
        <source>gaps p50/max</source>
        <translation>间隔 p50/最大</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="196"/>
        <source>delivery p50</source>
        <translation>投递延迟 p50</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="197"/>
        <source>last byte</source>
        <translation>末字节</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="198"/>
        <location filename="../../simulator/ui/latency_panel.py" line="212"/>
        <source>last char</source>
        <translation>末字</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="199"/>
        <location filename="../../simulator/ui/latency_panel.py" line="214"/>
        <source>requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="200"/>
        <location filename="../../simulator/ui/latency_panel.py" line="215"/>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="201"/>
        <source>chars</source>
        <translation>字符</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="202"/>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="209"/>
        <source>runs / failed</source>
        <translation>次数 / 失败</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="213"/>
        <source>gap p95</source>
        <translation>间隔 p95</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="209"/>
        <source>WeChat mini-program streaming chat simulator</source>
        <translation>微信小程序流式对话模拟器</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="210"/>
        <source>Transport </source>
        <translation>传输方式 </translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="211"/>
        <source>Race mode</source>
        <translation>竞速模式</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="212"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="213"/>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="214"/>
        <source>Network log</source>
        <translation>网络日志</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="217"/>
        <source>Backend: {0}</source>
        <translation>后端：{0}</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="217"/>
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
</TS>
