module.exports = { hello: (who) => 'hi ' + who };
