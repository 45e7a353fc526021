// SPDX-License-Identifier: GPL-2.0-only
/*
 * Debug views of a device under <debugfs>/wse/<PCI address>/, for root:
 *
 *   queues      per command queue: depth, SQ tail, CQ head, commands in
 *               flight and completion records consumed
 *   contexts    per context: owner, placement, SRAM range, jobs
 *   fw_info     the firmware's state as the device reports it
 *   fw_log      the device's firmware log, oldest line first
 *   telemetry   every telemetry register, decoded
 *
 * The directory is the driver's own rather than the DRM minor's, because
 * where DRM keeps its debugfs differs between accel and render nodes and
 * between kernels. It goes first on remove: debugfs waits for readers, so
 * nothing here runs once the queues are being torn down.
 */
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <uapi/wse_hw.h>

#include "wse_ctx.h"
#include "wse_drv.h"
#include "wse_fw.h"
#include "wse_hw.h"
#include "wse_ring.h"

static struct dentry *wse_debugfs_root;

static int queues_show(struct seq_file *m, void *unused)
{
	struct wse_device *wdev = m->private;
	unsigned int i;

	seq_puts(m, "queue depth sq_tail cq_head inflight completed state\n");
	for (i = 0; i < wdev->nr_rings; i++) {
		struct wse_ring *ring = &wdev->rings[i];
		u32 tail, head, inflight;
		unsigned long flags;
		bool stopped;
		u64 completed;

		spin_lock_irqsave(&ring->lock, flags);
		tail = ring->sq_tail;
		head = ring->cq_head;
		inflight = ring->inflight;
		completed = ring->completed;
		stopped = ring->stopped;
		spin_unlock_irqrestore(&ring->lock, flags);

		seq_printf(m, "%5u %5u %7u %7u %8u %9llu %s\n", ring->index,
			   ring->depth, tail, head, inflight, completed,
			   stopped ? "stopped" : "running");
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(queues);

static int contexts_show(struct seq_file *m, void *unused)
{
	struct wse_device *wdev = m->private;
	struct wse_ctx *ctx;

	seq_puts(m, "serial    pid queue  x  y  w  h sram_off sram_len jobs last_seqno\n");
	mutex_lock(&wdev->ctx_lock);
	list_for_each_entry(ctx, &wdev->ctx_list, dev_link) {
		/* Job counts are a snapshot; the context's lock is not taken. */
		seq_printf(m, "%6u %6d %5u %2u %2u %2u %2u %8u %8u %4u %10llu\n",
			   ctx->serial, ctx->pid, ctx->ring->index,
			   ctx->resv.x, ctx->resv.y, ctx->resv.w, ctx->resv.h,
			   ctx->resv.off, ctx->sram_bytes,
			   READ_ONCE(ctx->njobs), READ_ONCE(ctx->last_seqno));
	}
	mutex_unlock(&wdev->ctx_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(contexts);

static int fw_info_show(struct seq_file *m, void *unused)
{
	struct wse_device *wdev = m->private;
	struct wse_hw *hw = &wdev->hw;
	u32 ver = wse_reg_read(hw, WSE_REG_FW_VERSION);
	u32 abi = wse_reg_read(hw, WSE_REG_FW_ABI);

	seq_printf(m, "state:       %s\n",
		   wse_fw_state_name(wse_reg_read(hw, WSE_REG_FW_STATE)));
	seq_printf(m, "error:       %s\n",
		   wse_fw_error_name(wse_reg_read(hw, WSE_REG_FW_ERROR)));
	seq_printf(m, "version:     %u.%u.%u\n", ver >> 16, (ver >> 8) & 0xff,
		   ver & 0xff);
	seq_printf(m, "abi:         %u.%u\n", WSE_FW_ABI_MAJOR_OF(abi),
		   WSE_FW_ABI_MINOR_OF(abi));
	seq_printf(m, "reset_count: %u\n",
		   wse_reg_read(hw, WSE_REG_RESET_COUNT));
	down_read(&wdev->fw.lock);
	seq_printf(m, "kernels:     %u\n",
		   wdev->fw.ktab ? wdev->fw.ktab->count : 0);
	up_read(&wdev->fw.lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(fw_info);

/* A firmware log ring larger than this is not one a wse device keeps. */
#define WSE_FW_LOG_MAX		SZ_1M

/*
 * The ring as the device holds it, position 0 first: the whole of it,
 * since the window only reads forwards, 4 bytes at a time. Returns HEAD
 * as it was after the last DATA read.
 */
static u32 wse_fw_log_fetch(struct wse_hw *hw, __le32 *ring, u32 size)
{
	u32 i;

	wse_reg_write(hw, WSE_REG_FW_LOG_SELECT, 0);
	for (i = 0; i < size / 4; i++)
		ring[i] = cpu_to_le32(wse_reg_read(hw, WSE_REG_FW_LOG_DATA));
	return wse_reg_read(hw, WSE_REG_FW_LOG_HEAD);
}

static u32 wse_fw_log_size(struct wse_hw *hw)
{
	u32 size = wse_reg_read(hw, WSE_REG_FW_LOG_SIZE);

	/* 0: a spec 1.0 device, without a log; all-ones: a device gone. */
	if (size < 4 || size > WSE_FW_LOG_MAX || !is_power_of_2(size))
		return 0;
	return size;
}

/*
 * The log's text from max(0, HEAD - SIZE) to HEAD. The device may add
 * lines while the ring is read; bytes overwritten meanwhile are dropped,
 * and so is a line whose beginning is no longer in the ring.
 */
static int fw_log_show(struct seq_file *m, void *unused)
{
	struct wse_device *wdev = m->private;
	struct wse_hw *hw = &wdev->hw;
	u32 size, head, later, start, lost, n, i;
	__le32 *words;
	u8 *ring, *text;
	int ret = 0;

	size = wse_fw_log_size(hw);
	if (!size)
		return wse_hw_gone(hw) ? -ENXIO : 0;
	words = kvmalloc(2 * size, GFP_KERNEL);
	if (!words)
		return -ENOMEM;
	ring = (u8 *)words;
	text = ring + size;

	mutex_lock(&wdev->fw.log_lock);
	head = wse_reg_read(hw, WSE_REG_FW_LOG_HEAD);
	later = wse_fw_log_fetch(hw, words, size);
	mutex_unlock(&wdev->fw.log_lock);
	if (wse_hw_gone(hw)) {
		ret = -ENXIO;
		goto out;
	}

	/* HEAD is free-running: the u32 differences below wrap correctly. */
	n = min(head, size);
	start = head - n;
	lost = later - start > size ? later - start - size : 0;
	if (lost > n)
		lost = n;
	start += lost;
	n -= lost;
	for (i = 0; i < n; i++) {
		u8 c = ring[(start + i) & (size - 1)];

		text[i] = c == '\n' || (isascii(c) && isprint(c)) ? c : '?';
	}
	/* Not the first byte ever written: skip to the first whole line. */
	i = 0;
	if (start) {
		u8 *nl = memchr(text, '\n', n);

		i = nl ? nl - text + 1 : n;
	}
	seq_write(m, text + i, n - i);
out:
	kvfree(words);
	return ret;
}

/* A buffer the whole ring fits in, so that the show runs once. */
static int fw_log_open(struct inode *inode, struct file *file)
{
	struct wse_device *wdev = inode->i_private;
	u32 size = wse_fw_log_size(&wdev->hw);

	return single_open_size(file, fw_log_show, wdev,
				max_t(size_t, size + 1, PAGE_SIZE));
}

static const struct file_operations fw_log_fops = {
	.owner = THIS_MODULE,
	.open = fw_log_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

/* One "name: value" line per register, names as in wse_hw.h. */
static int telemetry_show(struct seq_file *m, void *unused)
{
	static const struct {
		const char *name;
		u32 reg;
	} regs32[] = {
		{ "temp_millic", WSE_REG_TEMP_MILLIC },
		{ "power_mw", WSE_REG_POWER_MW },
		{ "clock_cur_mhz", WSE_REG_CLOCK_CUR_MHZ },
		{ "fabric_util_permille", WSE_REG_FABRIC_UTIL },
		{ "cmds_failed", WSE_REG_CMDS_FAILED },
		{ "sram_corrected", WSE_REG_SRAM_CORRECTED },
		{ "sram_uncorrected", WSE_REG_SRAM_UNCORRECTED },
	}, regs64[] = {
		{ "dma_h2f_bytes", WSE_REG_DMA_H2F_BYTES_LO },
		{ "dma_f2h_bytes", WSE_REG_DMA_F2H_BYTES_LO },
		{ "cmds_completed", WSE_REG_CMDS_COMPLETED_LO },
		{ "launches", WSE_REG_LAUNCHES_LO },
		{ "busy_ns", WSE_REG_BUSY_NS_LO },
	};
	struct wse_device *wdev = m->private;
	u32 i, sensors;
	s32 millic;

	for (i = 0; i < ARRAY_SIZE(regs32); i++)
		seq_printf(m, "%s: %d\n", regs32[i].name,
			   (s32)wse_reg_read(&wdev->hw, regs32[i].reg));
	for (i = 0; i < ARRAY_SIZE(regs64); i++)
		seq_printf(m, "%s: %llu\n", regs64[i].name,
			   wse_telemetry_read64(wdev, regs64[i].reg));
	seq_printf(m, "defect_count: %u\n", wdev->hw.defect_count);
	/* Bounded: a device that stopped answering reads 0xffffffff here. */
	sensors = wse_telemetry_sensors(wdev);
	seq_printf(m, "temp_sensors: %u\n", sensors);
	for (i = 0; i < sensors; i++)
		if (!wse_telemetry_sensor(wdev, i, &millic))
			seq_printf(m, "temp%u_millic: %d\n", i, millic);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(telemetry);

void wse_debugfs_module_init(void)
{
	wse_debugfs_root = debugfs_create_dir(DRIVER_NAME, NULL);
}

void wse_debugfs_module_exit(void)
{
	debugfs_remove_recursive(wse_debugfs_root);
}

/* debugfs failures are not errors: the device works without it. */
void wse_debugfs_init(struct wse_device *wdev)
{
	struct dentry *dir;

	dir = debugfs_create_dir(pci_name(wdev->pdev), wse_debugfs_root);
	debugfs_create_file("queues", 0400, dir, wdev, &queues_fops);
	debugfs_create_file("contexts", 0400, dir, wdev, &contexts_fops);
	debugfs_create_file("fw_info", 0400, dir, wdev, &fw_info_fops);
	debugfs_create_file("fw_log", 0400, dir, wdev, &fw_log_fops);
	debugfs_create_file("telemetry", 0400, dir, wdev, &telemetry_fops);
	wdev->debugfs = dir;
}

void wse_debugfs_fini(struct wse_device *wdev)
{
	debugfs_remove_recursive(wdev->debugfs);
	wdev->debugfs = NULL;
}
