//! Japanese calendar: fiscal years, 和暦, public holidays, working days. (to be written)
