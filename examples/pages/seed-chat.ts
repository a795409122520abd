// The seed document's chat logic as a page (module style, Taro imports): WebSocket,
// downloadFile + onProgressUpdate + readFile, polling with `await request(...)`, and the
// sync API + fast typewriter, chained by callBackendAPI's "smart degradation".
// Launch query `strategy=websocket|download|polling|sync` forces one tier (default: auto).
import {
  connectSocket,
  downloadFile,
  getFileSystemManager,
  onSocketClose,
  onSocketError,
  onSocketMessage,
  onSocketOpen,
  request,
  sendSocketMessage,
} from '@tarojs/taro';

interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
}

interface ChatPage {
  setMessages(next: ChatMessage[] | ((prev: ChatMessage[]) => ChatMessage[])): void;
  update(id: string, content: string): void;
}

const API_BASE_URL = 'http://localhost:8082';
const userId = 'seed-demo';
let strategy = 'auto';
let wsConnected = false;
let page: ChatPage;
let onFrame: ((chunk: string) => void) | null = null;
let counter = 0;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function setMessages(next: (prev: ChatMessage[]) => ChatMessage[]): void {
  page.setMessages(next);
}

function updateMessageContent(messageId: string, content: string): void {
  setMessages((prev) => prev.map((msg) => (msg.id === messageId ? { ...msg, content } : msg)));
}

function openWebSocket(): void {
  connectSocket({
    url: 'ws://localhost:8082/ws/chat',
    success: () => console.log('WebSocket连接成功'),
  });
  onSocketOpen(() => {
    wsConnected = true;
  });
  onSocketError((res) => {
    wsConnected = false;
    console.warn('WebSocket error', res.errMsg);
  });
  onSocketClose(() => {
    wsConnected = false;
  });
  onSocketMessage((res) => {
    if (onFrame !== null) onFrame(String(res.data));
  });
}

function tryWebSocketStream(message: string, messageId: string): Promise<boolean> {
  return new Promise((resolve) => {
    let content = '';
    onFrame = (chunk: string) => {
      if (chunk === '[DONE]') {
        onFrame = null;
        resolve(true);
      } else if (chunk.startsWith('{"type":"error"')) {
        onFrame = null;
        console.warn('WebSocket reply failed', chunk);
        resolve(false);
      } else {
        content += chunk;
        updateMessageContent(messageId, content);
      }
    };
    sendSocketMessage({
      data: JSON.stringify({ message, userId }),
      fail: () => {
        onFrame = null;
        resolve(false);
      },
    });
  });
}

function tryReadPartialContent(filePath: string, messageId: string): void {
  getFileSystemManager().readFile({
    filePath,
    encoding: 'utf8',
    success: (res) => updateMessageContent(messageId, String(res.data)),
    fail: (res) => console.log('partial read refused:', res.errMsg),
  });
}

function tryStreamWithDownload(message: string, messageId: string): Promise<boolean> {
  const tempFilePath = `${wx.env.USER_DATA_PATH}/reply-${messageId}.txt`;
  const fs = getFileSystemManager();
  return new Promise((resolve) => {
    const downloadTask = downloadFile({
      url: `${API_BASE_URL}/api/chat/miniapp-stream?message=${encodeURIComponent(message)}&userId=${userId}`,
      filePath: tempFilePath,
      success: (res) => {
        if (res.statusCode !== 200) {
          console.warn('downloadFile status', res.statusCode);
          resolve(false);
          return;
        }
        fs.readFile({
          filePath: tempFilePath,
          encoding: 'utf8',
          success: (fileRes) => {
            updateMessageContent(messageId, String(fileRes.data));
            resolve(true);
          },
          fail: () => resolve(false),
        });
      },
      fail: (err) => {
        console.warn('downloadFile failed', err.errMsg);
        resolve(false);
      },
    });
    downloadTask.onProgressUpdate((res) => {
      if (res.totalBytesWritten > 0) tryReadPartialContent(tempFilePath, messageId);
    });
  });
}

async function tryPolling(message: string, messageId: string): Promise<boolean> {
  // The id is the client's choice, so it is a name, not a secret: the poll says whose session it
  // is (userId), as a backend that keeps one user from reading another's (our stub) requires.
  const nonce = () => Math.random().toString(36).slice(2, 12).padEnd(10, '0');
  const sessionId = `s-${Date.now()}-${counter}-${nonce()}${nonce()}`;
  const response = await request({
    url: `${API_BASE_URL}/api/chat/stream?sessionId=${sessionId}`,
    method: 'POST',
    data: { message, userId },
  });
  if (response.statusCode !== 200) return false;
  let isComplete = false;
  while (!isComplete) {
    const pollResponse = await request({
      url: `${API_BASE_URL}/api/chat/poll?sessionId=${sessionId}&userId=${userId}`,
      method: 'GET',
    });
    if (pollResponse.data.success) {
      updateMessageContent(messageId, pollResponse.data.data.content);
      if (pollResponse.data.data.complete) isComplete = true;
    }
    if (!isComplete) await sleep(1000);
  }
  return true;
}

async function fallbackToSyncAPI(message: string, messageId: string): Promise<void> {
  const res = await request({
    url: `${API_BASE_URL}/api/chat/send`,
    method: 'POST',
    data: { message, userId },
  });
  const content: string = res.data.data.content;
  // the seed's fast typewriter: a few characters every 10 ms
  for (let shown = 0; shown < content.length; ) {
    shown = Math.min(content.length, shown + 3);
    updateMessageContent(messageId, content.slice(0, shown));
    await sleep(10);
  }
}

async function callBackendAPI(message: string, messageId: string): Promise<void> {
  // 1. WebSocket first (best experience)
  if (wsConnected) {
    const success = await tryWebSocketStream(message, messageId);
    if (success) return;
    console.log('降级: WebSocket → downloadFile');
  } else {
    console.log('降级: WebSocket not connected → downloadFile');
  }
  // 2. downloadFile streaming
  const streamSuccess = await tryStreamWithDownload(message, messageId);
  if (streamSuccess) return;
  console.log('降级: downloadFile → sync API + typewriter');
  // 3. sync API + fast typewriter
  await fallbackToSyncAPI(message, messageId);
}

const TIERS: Record<string, (message: string, messageId: string) => Promise<unknown>> = {
  auto: callBackendAPI,
  websocket: tryWebSocketStream,
  download: tryStreamWithDownload,
  polling: tryPolling,
  sync: fallbackToSyncAPI,
};

export async function onLoad(query: Record<string, string>, chatPage: ChatPage): Promise<void> {
  page = chatPage;
  strategy = query.strategy || 'auto';
  if (strategy === 'auto' || strategy === 'websocket') openWebSocket();
}

export async function onSend(text: string, chatPage: ChatPage): Promise<void> {
  page = chatPage;
  counter += 1;
  const messageId = `a${counter}`;
  setMessages((prev) => [
    ...prev,
    { id: `u${counter}`, role: 'user', content: text },
    { id: messageId, role: 'assistant', content: '' },
  ]);
  if (strategy === 'websocket' || strategy === 'auto') {
    for (let i = 0; i < 250 && !wsConnected; i++) await sleep(20); // wait for the socket
  }
  const ok = await TIERS[strategy](text, messageId);
  if (ok === false) throw new Error(`strategy ${strategy} failed`);
}
