const a = require('./a.js');
// a cycle: a is still loading, so only what it exported so far is there
exports.sawA = a.name + ':' + String(a.fromB);
