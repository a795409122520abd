Component({
  options: { addGlobalClass: true },
  externalClasses: ['field-class'],
  properties: {
    placeholder: { type: String, value: '说点什么' },
    disabled: { type: Boolean, value: false },
  },
  data: { value: '' },
  methods: {
    onInput(e) {
      this.setData({ value: e.detail.value });
    },
    onTap() {
      const text = this.data.value.trim();
      if (!text || this.data.disabled) return;
      this.triggerEvent('send', { text });
      this.setData({ value: '' });
    },
    clear() {
      this.setData({ value: '' });
    },
  },
});
