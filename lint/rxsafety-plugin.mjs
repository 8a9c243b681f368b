/**
 * rxsafety's own lint rules, loaded by oxlint (.oxlintrc.json, "jsPlugins").
 *
 * no-leading-spread: an object literal that starts with a spread and has anything after it
 * (`{ ...a, key }`, `{ ...a, ...b }`, `{ ...(x ? { k } : {}), ...(y ? { j } : {}) }`). Node 20's V8 gives
 * each such object a hidden class of its own: 10 to 20 times slower than a literal that starts with its
 * own keys, and every new hidden class outlives the request, so under load they fill the old generation
 * and bring a major GC every few seconds (docs/PERFORMANCE.md, "Object spreads"). Write the fixed keys
 * first (`{ key, ...a }`) when the spread cannot override them, or Object.assign({}, a, { key }).
 */
const noLeadingSpread = {
  meta: { type: 'problem', docs: { description: 'Object literal starting with a spread followed by more members (slow in Node 20, see docs/PERFORMANCE.md)' } },
  create(context) {
    return {
      ObjectExpression(node) {
        const [first, ...rest] = node.properties;
        if (first?.type === 'SpreadElement' && rest.length > 0) {
          context.report({ node: first, message: 'An object literal that starts with a spread and then adds members gets a new hidden class every time in Node 20 (docs/PERFORMANCE.md, "Object spreads"): put the fixed keys first, or use Object.assign.' });
        }
      },
    };
  },
};

export default { meta: { name: 'rxsafety' }, rules: { 'no-leading-spread': noLeadingSpread } };
