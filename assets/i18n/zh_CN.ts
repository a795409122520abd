<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1">
<context>
    <name>AssistantBubble</name>
    <message>
        <location filename="../../simulator/ui/bubbles.py" line="199" />
        <source>Connecting…</source>
        <translation>连接中…</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/bubbles.py" line="201" />
        <source>⚠ Error: {0}. The text received so far is kept.</source>
        <translation>⚠ 出错：{0}。已收到的文字已保留。</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/bubbles.py" line="203" />
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
</context>
<context>
    <name>CharsChart</name>
    <message>
        <location filename="../../simulator/ui/chars_chart.py" line="83" />
        <source>Characters over time</source>
        <translation>字符随时间变化</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/chars_chart.py" line="85" />
        <source>emitted</source>
        <translation>发出</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/chars_chart.py" line="86" />
        <source>arrived</source>
        <translation>到达</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/chars_chart.py" line="87" />
        <source>painted</source>
        <translation>绘制</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/chars_chart.py" line="89" />
        <source>s after send</source>
        <translation>发送后秒数</translation>
    </message>
</context>
<context>
    <name>InputBar</name>
    <message>
        <location filename="../../simulator/ui/phone.py" line="145" />
        <source>Ask something…</source>
        <translation>问点什么…</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/phone.py" line="146" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/phone.py" line="147" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>Latency</name>
    <message>
        <location filename="../../simulator/ui/formatting.py" line="31" />
        <source>connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/formatting.py" line="32" />
        <source>first byte</source>
        <translation>首字节</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/formatting.py" line="33" />
        <source>first char</source>
        <translation>首字</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/formatting.py" line="34" />
        <source>gaps</source>
        <translation>间隔</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/formatting.py" line="35" />
        <source>total</source>
        <translation>总计</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/formatting.py" line="36" />
        <source>requests</source>
        <translation>请求</translation>
    </message>
</context>
<context>
    <name>LatencyPanel</name>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="138" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="140" />
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="142" />
        <source>buffered!</source>
        <translation>被缓冲！</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="142" />
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="143" />
        <source>streaming</source>
        <translation>流式中</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="165" />
        <source>This run (measured)</source>
        <translation>本次运行（实测）</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="166" />
        <source>History per transport (p50 / p95)</source>
        <translation>各传输方式历史（p50 / p95）</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="168" />
        <location filename="../../simulator/ui/latency_panel.py" line="185" />
        <source>transport</source>
        <translation>传输方式</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="169" />
        <source>connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="170" />
        <location filename="../../simulator/ui/latency_panel.py" line="187" />
        <source>first byte</source>
        <translation>首字节</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="171" />
        <location filename="../../simulator/ui/latency_panel.py" line="188" />
        <source>first char</source>
        <translation>首字</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="172" />
        <source>gaps p50/max</source>
        <translation>间隔 p50/最大</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="173" />
        <source>delivery p50</source>
        <translation>投递延迟 p50</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="174" />
        <source>last byte</source>
        <translation>末字节</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="175" />
        <location filename="../../simulator/ui/latency_panel.py" line="189" />
        <source>last char</source>
        <translation>末字</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="176" />
        <location filename="../../simulator/ui/latency_panel.py" line="191" />
        <source>requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="177" />
        <location filename="../../simulator/ui/latency_panel.py" line="192" />
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="178" />
        <source>chars</source>
        <translation>字符</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="179" />
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="186" />
        <source>runs / failed</source>
        <translation>次数 / 失败</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/latency_panel.py" line="190" />
        <source>gap p95</source>
        <translation>间隔 p95</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="204" />
        <source>WeChat mini-program streaming chat simulator</source>
        <translation>微信小程序流式对话模拟器</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="205" />
        <source>Transport </source>
        <translation>传输方式 </translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="206" />
        <source>Race mode</source>
        <translation>竞速模式</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="207" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="208" />
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="209" />
        <source>Network log</source>
        <translation>网络日志</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="212" />
        <source>Backend: {0}</source>
        <translation>后端：{0}</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/main_window.py" line="212" />
        <source>Backend: embedded stub</source>
        <translation>后端：内置桩服务</translation>
    </message>
</context>
<context>
    <name>NetworkLog</name>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="39" />
        <source>transport</source>
        <translation>传输方式</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="40" />
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="41" />
        <source>method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="42" />
        <source>url</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="43" />
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="44" />
        <source>time</source>
        <translation>耗时</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="45" />
        <source>size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="46" />
        <source>chunks</source>
        <translation>分块</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="47" />
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="272" />
        <source>Transport:</source>
        <translation>传输方式：</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/network_log.py" line="273" />
        <source>all</source>
        <translation>全部</translation>
    </message>
</context>
<context>
    <name>PhonePage</name>
    <message>
        <location filename="../../simulator/ui/phone.py" line="185" />
        <source>AI Assistant</source>
        <translation>AI 助手</translation>
    </message>
</context>
<context>
    <name>RaceView</name>
    <message>
        <location filename="../../simulator/ui/race_view.py" line="78" />
        <source>Race: “{0}”</source>
        <translation>竞速：“{0}”</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/race_view.py" line="80" />
        <source>Race mode: send one prompt to every transport at once.</source>
        <translation>竞速模式：同一个问题同时发往所有传输方式。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="39" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="43" />
        <source>empty: embedded stub</source>
        <translation>留空：内置桩服务</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="55" />
        <source> chars/s</source>
        <translation> 字/秒</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="61" />
        <source>Backend URL</source>
        <translation>后端地址</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="62" />
        <source>Backend profile</source>
        <translation>后端类型</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="63" />
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="64" />
        <source>Model (OpenAI)</source>
        <translation>模型（OpenAI）</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="65" />
        <source>Paths</source>
        <translation>路径</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="66" />
        <source>Network profile</source>
        <translation>网络环境</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="67" />
        <source>Stub scenario</source>
        <translation>桩服务场景</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="68" />
        <source>Typewriter speed</source>
        <translation>打字机速度</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="69" />
        <source>Typewriter policy</source>
        <translation>打字机策略</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="70" />
        <source>Download fidelity</source>
        <translation>下载保真度</translation>
    </message>
    <message>
        <location filename="../../simulator/ui/settings_dialog.py" line="71" />
        <source>Base library version</source>
        <translation>基础库版本</translation>
    </message>
</context>
</TS>