//! Where a workload's CPU time went: this process (and the children it waited for, such as
//! psql) against the PostgreSQL server it talks to, from `/proc` (Linux only).
//!
//! On a machine where client and server share the cores, wall time hides which side is the
//! limit; the split shows it. The server's share is the postmaster's own time, that of its
//! live children (backends, background workers) and that of the children it reaped.

use std::time::{Duration, Instant};

/// CPU times at one instant.
#[derive(Clone, Copy)]
pub struct Sample {
    at: Instant,
    client_ticks: u64,
    server_ticks: u64,
}

/// What a workload cost, per run.
pub struct Split {
    pub wall: Duration,
    pub client: Duration,
    pub server: Duration,
}

/// `utime + stime` and `cutime + cstime` of a process, and its parent's pid.
fn stat(pid: &str) -> Option<(u64, u64, u32)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which may hold spaces, closed by the last ')'.
    let rest = &text[text.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |n: usize| fields[n - 3].parse::<u64>().ok();
    Some((
        field(14)? + field(15)?,
        field(16)? + field(17)?,
        field(4)? as u32,
    ))
}

/// The server whose data directory is `data_dir` (its `postmaster.pid` names the postmaster).
pub struct Server {
    postmaster: u32,
}

impl Server {
    pub fn new(data_dir: &str) -> Server {
        let pid = std::fs::read_to_string(format!("{data_dir}/postmaster.pid"))
            .unwrap_or_else(|e| panic!("{data_dir}/postmaster.pid: {e}"));
        let postmaster = pid.lines().next().unwrap().trim().parse().unwrap();
        Server { postmaster }
    }

    fn ticks(&self) -> u64 {
        let (own, reaped, _) = stat(&self.postmaster.to_string()).expect("the server is running");
        let mut total = own + reaped;
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !name.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            if let Some((own, _, parent)) = stat(&name) {
                if parent == self.postmaster {
                    total += own;
                }
            }
        }
        total
    }

    pub fn sample(&self) -> Sample {
        let (own, children, _) = stat("self").unwrap();
        Sample {
            at: Instant::now(),
            client_ticks: own + children,
            server_ticks: self.ticks(),
        }
    }

    /// The cost of `runs` runs between `before` and now.
    pub fn since(&self, before: Sample, runs: u32) -> Split {
        let now = self.sample();
        let tick = Duration::from_secs(1) / clock_ticks_per_second();
        Split {
            wall: (now.at - before.at) / runs,
            client: tick * (now.client_ticks - before.client_ticks) as u32 / runs,
            server: tick * (now.server_ticks - before.server_ticks) as u32 / runs,
        }
    }
}

/// `sysconf(_SC_CLK_TCK)`: 100 on every Linux this runs on (the kernel's USER_HZ).
fn clock_ticks_per_second() -> u32 {
    100
}

impl std::fmt::Display for Split {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        write!(
            f,
            "wall {:8.1} ms   client cpu {:8.1} ms   server cpu {:8.1} ms",
            ms(self.wall),
            ms(self.client),
            ms(self.server)
        )
    }
}
