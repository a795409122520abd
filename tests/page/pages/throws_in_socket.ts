interface Frame { data: string }

let task: any;
let opened: Promise<void>;

export function onLoad(): void {
  task = wx.connectSocket({ url: 'ws://localhost:8082/ws/chat' });
  opened = new Promise((resolve) => task.onOpen(() => resolve()));
}

export async function onSend(text: string, page: any): Promise<void> {
  page.setMessages([{ id: 1, role: 'assistant', content: '' }]);
  await opened;
  task.onMessage((res: Frame) => {
    const parsed: { text: string } = JSON.parse(res.data); // raw frames are not JSON: throws
    page.update(1, parsed.text);
  });
  task.send({ data: JSON.stringify({ message: text, userId: 't' }) });
}
