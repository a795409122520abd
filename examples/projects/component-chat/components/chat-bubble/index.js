const counted = require('../../behaviors/counted.js');

Component({
  behaviors: [counted],
  properties: {
    role: String,
    text: {
      type: String,
      value: '',
      observer(now) {
        this.setData({ length: now.length });
      },
    },
  },
  data: { mine: false, length: 0 },
  observers: {
    role(role) {
      this.setData({ mine: role === 'me' });
    },
    text() {
      this.counted();
    },
  },
});
