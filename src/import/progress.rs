//! Large files take seconds to plan: a caller (the window) watches how many rows are done and may stop the
//! planning early. Pure: the sink is a plain function the caller passes in; the planners call it every
//! [`STEP`] rows and once at the end, and stop (planning nothing) when it answers `false`.

/// Called with (rows done, rows in the file); answers `false` to stop the planning.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) -> bool + Sync);

/// How many rows pass between two calls of the sink.
pub const STEP: usize = 1_000;

/// A sink that never stops anything (the CLI's).
pub fn silent(_done: usize, _total: usize) -> bool {
    true
}

/// Calls a sink every [`STEP`] rows: the counts it is given only grow and end at the total.
pub struct Ticker<'a> {
    sink: Progress<'a>,
    total: usize,
    next: usize,
}

impl<'a> Ticker<'a> {
    /// Reports 0 of `total` at once; `None` when the sink stops it.
    pub fn start(sink: Progress<'a>, total: usize) -> Option<Ticker<'a>> {
        sink(0, total).then_some(Ticker {
            sink,
            total,
            next: STEP,
        })
    }

    /// `done` rows are done; `false` when the sink says stop.
    pub fn tick(&mut self, done: usize) -> bool {
        if done < self.next {
            return true;
        }
        self.next = done + STEP;
        (self.sink)(done.min(self.total), self.total)
    }

    /// Every row is done; `false` when the sink says stop even now.
    pub fn finish(self) -> bool {
        (self.sink)(self.total, self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn a_ticker_reports_every_step_and_the_total_last() {
        let seen = Mutex::new(vec![]);
        let sink = |d: usize, t: usize| {
            seen.lock().unwrap().push((d, t));
            true
        };
        let mut t = Ticker::start(&sink, 2_500).expect("not stopped");
        for done in 1..=2_500 {
            assert!(t.tick(done), "never stopped");
        }
        assert!(t.finish());
        let seen = seen.into_inner().unwrap();
        assert_eq!(
            seen,
            vec![(0, 2_500), (1_000, 2_500), (2_000, 2_500), (2_500, 2_500)],
            "every STEP rows, then the total"
        );
    }

    #[test]
    fn a_sink_answering_false_stops_the_ticker() {
        let stop = |d: usize, _t: usize| d < 1_000;
        let mut t = Ticker::start(&stop, 5_000).expect("0 is not stopped");
        assert!(t.tick(999), "below the step the sink is not asked");
        assert!(!t.tick(1_000), "the sink's false stops it");
        assert!(
            Ticker::start(&|_, _| false, 10).is_none(),
            "stopped at once"
        );
    }
}
