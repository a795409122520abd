Component({ properties: { title: String }, options: { multipleSlots: true }, methods: { pick() { this.triggerEvent("pick", { n: 1 }) } } })
