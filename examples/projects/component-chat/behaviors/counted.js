// Counts what a component was told to show: shared by the components through `behaviors`.
module.exports = Behavior({
  data: { updates: 0 },
  methods: {
    counted() {
      this.setData({ updates: this.data.updates + 1 });
    },
  },
});
