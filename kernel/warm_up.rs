// What a kernel of the pool (pool.py) evaluates after prelude.rs, before it is handed out.
// A kernel's first `let` makes rust-analyzer load the types it needs to name a variable: about
// 5 s, which a pre-started kernel takes here, unseen, rather than in the learner's first `let`.
// The variable is dropped, so it is not among the kernel's (`:vars`). A cold start leaves this
// out: it would wait for it before its first cell.
let handson_warm_up = String::new();
drop(handson_warm_up);
