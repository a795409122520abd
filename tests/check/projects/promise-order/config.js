// Where the chat backend lives. The simulator maps http://localhost:8082 onto the backend you
// select; on a phone this would be your https domain.
module.exports = {
  baseUrl: 'http://localhost:8082',
  chatPath: '/api/chat/sse',
};
