// require every name the host passes (Node's builtinModules): each must be refused
Page({
  data: { refused: {} },
  onLoad(query) {
    const refused = {};
    query.names.split(',').forEach((name) => {
      try {
        require(name);
        refused[name] = 'LOADED';
      } catch (e) {
        refused[name] = e.message;
      }
    });
    this.setData({ refused });
  },
});
