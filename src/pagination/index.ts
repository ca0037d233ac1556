// Public exports of src/pagination/ (owned by the pagination work).
export {};
