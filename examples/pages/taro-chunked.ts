// A Taro-style page (module style): `Taro.request` is a Promise that also carries the task's
// onChunkReceived; the reply streams over the stub's SSE endpoint.
import Taro from '@tarojs/taro';

interface Message {
  id: number;
  role: 'user' | 'assistant';
  content: string;
}

interface ChatPage {
  messages: Message[];
  setMessages(next: Message[] | ((prev: Message[]) => Message[])): void;
  update(id: number, content: string): void;
}

const API_BASE_URL = 'http://localhost:8082';
let nextId = 1;

export async function onSend(text: string, page: ChatPage): Promise<void> {
  const replyId = nextId + 1;
  page.setMessages((prev) => [
    ...prev,
    { id: nextId, role: 'user', content: text },
    { id: replyId, role: 'assistant', content: '' },
  ]);
  nextId += 2;
  const decoder = new TextDecoder();
  let buffer = '';
  let reply = '';
  const task = Taro.request({
    url: `${API_BASE_URL}/api/chat/sse`,
    method: 'POST',
    data: { message: text, userId: 'taro-demo' },
    enableChunked: true,
    responseType: 'arraybuffer',
  });
  task.onChunkReceived(({ data }: { data: ArrayBuffer }) => {
    buffer += decoder.decode(new Uint8Array(data), { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (event.includes('event: done') || event.includes('event: error')) continue;
      const data = event.split('\n').find((line) => line.startsWith('data:'));
      if (data === undefined) continue;
      reply += JSON.parse(data.slice(5)).text;
      page.update(replyId, reply);
    }
  });
  const res = await task;
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
}
