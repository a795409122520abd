// a Component used as a page: the query fills its properties
Component({
  properties: { title: String, count: Number },
  data: { log: [] },
  lifetimes: {
    created() { this.log = ['created']; },
    attached() { this.log.push('attached'); },
    ready() { this.log.push('ready'); this.setData({ log: this.log.slice() }); },
  },
  pageLifetimes: {
    show() { (this.log || []).push('show'); },
  },
  methods: {
    onLoad(query) { this.log.push('onLoad:' + query.title); },
    onLeaf(e) { this.setData({ leafSaid: e.detail.said }); },
  },
});
