// Public exports of src/oauth/ (owned by the oauth work).
export {};
