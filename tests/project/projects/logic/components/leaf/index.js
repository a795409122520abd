Component({
  properties: { label: { type: String, value: 'none', observer(now, old) { this.setData({ seen: `${old}->${now}` }); } } },
  data: { seen: '' },
  observers: { 'label, seen': function (label, seen) { this.setData({ both: `${label}|${seen}` }); } },
  methods: {
    say() { this.triggerEvent('said', { said: this.data.label }); },
    sayFar() { this.triggerEvent('said', { said: 'far' }, { bubbles: true, composed: true }); },
  },
});
