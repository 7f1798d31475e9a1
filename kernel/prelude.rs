use handson::prelude::*;
// A `?` at the top level switches evcxr into its "cells may use ?" mode now, at start-up, rather
// than during a learner's first cell that uses `?` (where the switch would also make that cell
// show its figure as text instead of an image).
Ok::<(), Error>(())?;
