/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * BAR0 access and the device identity cached at probe.
 */
#ifndef __WSE_HW_H__
#define __WSE_HW_H__

#include <linux/io.h>
#include <linux/types.h>

#include <uapi/wse_hw.h>

struct wse_device;

/*
 * Identity and geometry registers never change while the driver is bound,
 * so they are read once at probe; status and firmware registers are live
 * and are read when asked for.
 */
struct wse_hw_info {
	u32 spec_version;
	u32 generation;
	u32 caps;
	u64 serial;
	u32 phys_width;
	u32 phys_height;
	u32 log_width;
	u32 log_height;
	u32 pe_sram_bytes;
	u32 spare_cols;
	u32 spare_rows;
	u32 clock_mhz;
	u32 num_queues;
	u32 max_queue_depth;
	u32 max_sgl_entries;
};

/* Defective physical PEs, as WSE_DEFECT_X/Y would decode them. */
struct wse_hw_defect {
	u16 x;
	u16 y;
};

struct wse_hw {
	void __iomem *regs;		/* BAR0 */
	struct wse_hw_info info;
	u32 defect_count;
	struct wse_hw_defect *defects;	/* defect_count entries */
};

static inline u32 wse_reg_read(struct wse_hw *hw, u32 reg)
{
	return readl(hw->regs + reg);
}

static inline void wse_reg_write(struct wse_hw *hw, u32 reg, u32 val)
{
	writel(val, hw->regs + reg);
}

/* Read a _LO/_HI pair. Only for registers that don't change under us. */
static inline u64 wse_reg_read64(struct wse_hw *hw, u32 reg_lo)
{
	u64 lo = wse_reg_read(hw, reg_lo);

	return lo | (u64)wse_reg_read(hw, reg_lo + 4) << 32;
}

/*
 * A function that no longer answers (surprise removal, a dead link) reads
 * all-ones; STATUS never does otherwise. Use it to tell an all-ones value
 * from a real one.
 */
static inline bool wse_hw_gone(struct wse_hw *hw)
{
	return wse_reg_read(hw, WSE_REG_STATUS) == ~0u;
}

int wse_hw_init(struct wse_device *wdev);
int wse_hw_reset(struct wse_device *wdev);

#endif /* __WSE_HW_H__ */
