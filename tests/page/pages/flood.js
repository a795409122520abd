// 10k setData calls: 5 bursts of 2000, one every 100 ms (10k/s for a second)
Page({
  data: { messages: [{ id: 1, role: 'assistant', content: '' }], count: 0 },
  onSend() {
    return new Promise((resolve) => {
      let bursts = 0;
      const timer = setInterval(() => {
        for (let i = 0; i < 2000; i++) {
          const n = this.data.count + 1;
          this.setData({ count: n, 'messages[0].content': `n=${n}` });
        }
        if (++bursts === 5) {
          clearInterval(timer);
          resolve();
        }
      }, 100);
    });
  },
});
