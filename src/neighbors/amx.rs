//! The byte kernel on Intel AMX (Advanced Matrix Extensions, from Sapphire Rapids on): one
//! `tdpbsud` multiplies a tile of 16 x 64 signed bytes by one of 64 x 16 unsigned bytes into
//! 16 x 16 `i32` sums, 16,384 multiply-adds, 256 times as many as one `vpdpbusd`, in the tile
//! layout of [`crate::neighbors::bytes`].
//!
//! The instructions are written in `asm!`: Rust's AMX intrinsics and target features are not
//! stable, and the assembler takes the mnemonics without them. Linux lets a process use the
//! tile registers (8 KiB of state per thread) only after it asks, once, with `arch_prctl`
//! (`ARCH_REQ_XCOMP_PERM` for `XFEATURE_XTILEDATA`); [`available`] asks, and the kernel is
//! only chosen where the processor has AMX-TILE and AMX-INT8 and the system said yes.

use std::arch::asm;
use std::sync::OnceLock;

/// Queries per AMX tile (its rows).
pub(super) const TILE_QUERIES: usize = 16;
/// Steps of 4 features per AMX tile: its 64 bytes a row.
pub(super) const TILE_STEPS: usize = 16;

/// Whether this processor and system run the AMX kernel: CPUID's AMX-TILE and AMX-INT8 bits,
/// and the system's permission to use the tile data (asked once per process).
pub(super) fn available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let features = std::arch::x86_64::__cpuid_count(7, 0).edx;
        let (tile, int8) = (1 << 24, 1 << 25);
        features & tile != 0 && features & int8 != 0 && permission_granted()
    })
}

/// Asks Linux for the tile data state (`arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)`).
#[cfg(target_os = "linux")]
fn permission_granted() -> bool {
    const ARCH_REQ_XCOMP_PERM: libc::c_long = 0x1023;
    const XFEATURE_XTILEDATA: libc::c_long = 18;
    // SAFETY: the call takes two integers and changes nothing but this process's permission.
    unsafe {
        libc::syscall(
            libc::SYS_arch_prctl,
            ARCH_REQ_XCOMP_PERM,
            XFEATURE_XTILEDATA,
        ) == 0
    }
}

/// Other systems are not known to grant the tile data state; their machines use AVX-512.
#[cfg(not(target_os = "linux"))]
fn permission_granted() -> bool {
    false
}

/// The 64-byte tile configuration `ldtilecfg` reads: palette 1, and for each tile register
/// used its bytes per row and its rows.
#[repr(C, align(64))]
struct TileConfig {
    palette: u8,
    start_row: u8,
    reserved: [u8; 14],
    bytes_per_row: [u16; 16],
    rows: [u8; 16],
}

/// Tile registers: `tmm0..=2` the sums of 16 queries with the 3 panels of a training tile,
/// `tmm3` 16 queries' bytes, `tmm4..=6` the 3 panels' bytes; all 16 rows of 64 bytes.
const CONFIG: TileConfig = {
    let mut config = TileConfig {
        palette: 1,
        start_row: 0,
        reserved: [0; 14],
        bytes_per_row: [0; 16],
        rows: [0; 16],
    };
    let mut register = 0;
    while register < 7 {
        config.bytes_per_row[register] = 64;
        config.rows[register] = 16;
        register += 1;
    }
    config
};

/// The raw products of every query tile with one training tile: `out[i * out_width + j] =
/// t_j · (q_i - 128)` for the `16 query_tiles` queries `i` of `q` and the tile's 48 rows `j`.
///
/// # Safety
/// [`available`] must have returned true. `q` must hold `16 query_tiles` queries of `4 k4`
/// bytes each; `data` [`TILE_STEPS`] x 192 bytes for each block of `steps` (its length a
/// multiple of [`TILE_STEPS`], each block's first step a multiple of it, and every step below
/// `k4`); `out` `16 query_tiles` rows of `out_width` from its start, with 48 columns each.
pub(super) unsafe fn tiles(
    q: &[i8],
    k4: usize,
    query_tiles: usize,
    data: &[u8],
    steps: &[u32],
    out: &mut [i32],
    out_width: usize,
) {
    assert!(
        q.len() >= query_tiles * TILE_QUERIES * k4 * 4
            && data.len() >= steps.len() * 192
            && steps.len().is_multiple_of(TILE_STEPS)
            && (query_tiles == 0 || out.len() >= (query_tiles * TILE_QUERIES - 1) * out_width + 48),
        "AMX tile sizes"
    );
    let query_stride = k4 * 4;
    let out_stride = out_width * 4;
    // SAFETY (all blocks): the caller checked AMX; the loads stay inside `q` (rows of
    // `query_stride` bytes, 64 from `4 step` with `step + 16 <= k4`) and `data` (16 rows of
    // 192 bytes from each block's start), the stores inside `out`, by the assertion and the
    // caller's layout.
    unsafe {
        asm!("ldtilecfg [{}]", in(reg) &CONFIG, options(nostack, readonly));
        for query_tile in 0..query_tiles {
            let queries = q.as_ptr().add(query_tile * TILE_QUERIES * query_stride);
            asm!(
                "tilezero tmm0",
                "tilezero tmm1",
                "tilezero tmm2",
                options(nostack, nomem)
            );
            for (block, first) in steps.chunks_exact(TILE_STEPS).enumerate() {
                asm!(
                    "tileloadd tmm3, [{a} + {a_stride}*1]",
                    "tileloadd tmm4, [{b} + {b_stride}*1]",
                    "tileloadd tmm5, [{b} + {b_stride}*1 + 64]",
                    "tileloadd tmm6, [{b} + {b_stride}*1 + 128]",
                    "tdpbsud tmm0, tmm3, tmm4",
                    "tdpbsud tmm1, tmm3, tmm5",
                    "tdpbsud tmm2, tmm3, tmm6",
                    a = in(reg) queries.add(first[0] as usize * 4),
                    a_stride = in(reg) query_stride,
                    b = in(reg) data.as_ptr().add(block * TILE_STEPS * 192),
                    b_stride = in(reg) 192usize,
                    options(nostack, readonly),
                );
            }
            asm!(
                "tilestored [{c} + {c_stride}*1], tmm0",
                "tilestored [{c} + {c_stride}*1 + 64], tmm1",
                "tilestored [{c} + {c_stride}*1 + 128], tmm2",
                c = in(reg) out.as_mut_ptr().add(query_tile * TILE_QUERIES * out_width),
                c_stride = in(reg) out_stride,
                options(nostack),
            );
        }
        asm!("tilerelease", options(nostack, nomem));
    }
}
