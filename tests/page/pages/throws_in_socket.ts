interface Frame { data: string }

let task: any;

export function onLoad(): void {
  task = wx.connectSocket({ url: 'ws://localhost:8082/ws/chat' });
}

export function onSend(text: string, page: any): void {
  page.setMessages([{ id: 1, role: 'assistant', content: '' }]);
  task.onMessage((res: Frame) => {
    const parsed: { text: string } = JSON.parse(res.data); // raw frames are not JSON: throws
    page.update(1, parsed.text);
  });
  task.send({ data: JSON.stringify({ message: text, userId: 't' }) });
}
