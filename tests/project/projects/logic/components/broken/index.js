Component({
  data: {},
  methods: {
    go() { return 1 +; },
  },
});
