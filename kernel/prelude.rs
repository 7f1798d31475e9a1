use handson::prelude::*;
// A `?` at the top level switches evcxr into its "cells may use ?" mode now, at start-up, rather
// than during a learner's first cell that uses `?` (where the switch would also make that cell
// show its figure as text instead of an image).
Ok::<(), Error>(())?;
// The first `let` of a kernel makes rust-analyzer load the types it needs to name a variable:
// about 5 s, taken here at start-up (unseen when the kernel pool started the kernel ahead) rather
// than in the learner's first `let`. The variable is dropped, so it is not among the kernel's.
let handson_warm_up = String::new();
drop(handson_warm_up);
