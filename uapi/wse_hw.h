/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note OR MIT */
/*
 * wse_hw.h - hardware interface of the wafer-scale engine PCIe function.
 *
 * This header is the contract between the device (qemu-device/), the kernel
 * driver (driver/) and the user library (userspace/). The prose that goes
 * with it is Documentation/device-spec.rst; the two must agree.
 *
 * All registers are little-endian; BAR0 registers are 32 bits wide and are
 * accessed with 32-bit reads and writes. 64-bit quantities are split into
 * _LO/_HI pairs; write _LO first, then _HI. Halves are not latched: read a
 * running counter as _HI, _LO, _HI, retrying while _HI changes. Structures
 * in host memory
 * (queues, completion records, firmware images) are little-endian and
 * naturally aligned, without implicit padding.
 */
#ifndef _UAPI_WSE_HW_H_
#define _UAPI_WSE_HW_H_

#include <linux/types.h>

/* Interface version of this specification: bumped on any change. */
#define WSE_HW_SPEC_MAJOR		1
#define WSE_HW_SPEC_MINOR		1
/* WSE_REG_SPEC_VERSION's encoding, to compare a device's version with. */
#define WSE_HW_SPEC(major, minor)	((__u32)(major) << 16 | (minor))

/* ---------------------------------------------------------------------
 * PCI identity
 * ---------------------------------------------------------------------
 * 0x1234 is the vendor ID QEMU uses for its own experimental devices; a
 * production part would carry its vendor's assigned ID.
 */
#define WSE_PCI_VENDOR_ID		0x1234
#define WSE_PCI_DEVICE_ID_WSE3		0x5733	/* "W3" */
#define WSE_PCI_SUBSYS_VENDOR_ID	0x1234
#define WSE_PCI_SUBSYS_ID_CS3		0x0003
#define WSE_PCI_REVISION		0x01
#define WSE_PCI_CLASS			0x1200	/* processing accelerator */
#define WSE_PCI_CLASS_PROG		0x00

/* BARs: BAR0/1 registers (64-bit), BAR2/3 fabric aperture (64-bit pref). */
#define WSE_BAR_REGS			0
#define WSE_BAR_APERTURE		2
#define WSE_BAR0_SIZE			0x10000	/* 64 KiB */
#define WSE_APERTURE_SIZE		0x1000000	/* 16 MiB window */

/* BAR0 map */
#define WSE_BAR0_REGS_OFFSET		0x0000	/* control registers */
#define WSE_BAR0_QUEUE_REGS_OFFSET	0x0400	/* per-queue configuration */
#define WSE_BAR0_TELEMETRY_OFFSET	0x0800	/* read-only counters */
#define WSE_BAR0_DOORBELL_OFFSET	0x1000	/* doorbells, 8 bytes a queue */
#define WSE_BAR0_MSIX_TABLE_OFFSET	0x2000
#define WSE_BAR0_MSIX_PBA_OFFSET	0x3000

/* ---------------------------------------------------------------------
 * Identification (read-only)
 * --------------------------------------------------------------------- */
#define WSE_REG_MAGIC			0x0000	/* reads WSE_MAGIC */
#define   WSE_MAGIC			0x31455357	/* "WSE1" */
#define WSE_REG_SPEC_VERSION		0x0004	/* major << 16 | minor */
#define WSE_REG_GENERATION		0x0008	/* 3 for WSE-3 */
#define WSE_REG_CAPS			0x000c	/* WSE_CAP_* */
#define   WSE_CAP_DEFECT_REMAP		(1u << 0)
#define   WSE_CAP_APERTURE		(1u << 1)
#define   WSE_CAP_FW_REQUIRED		(1u << 2)
#define   WSE_CAP_FAULT_INJECT		(1u << 3)
#define WSE_REG_SERIAL_LO		0x0010
#define WSE_REG_SERIAL_HI		0x0014

/* ---------------------------------------------------------------------
 * Device status and reset
 * --------------------------------------------------------------------- */
#define WSE_REG_STATUS			0x0018	/* WSE_STATUS_* (read-only) */
#define   WSE_STATUS_FW_READY		(1u << 0)	/* firmware running */
#define   WSE_STATUS_FATAL		(1u << 1)	/* see ERROR_CODE */
#define   WSE_STATUS_RESETTING		(1u << 2)
#define   WSE_STATUS_QUEUES_ACTIVE	(1u << 3)
#define WSE_REG_RESET			0x001c	/* write WSE_RESET_KEY */
#define   WSE_RESET_KEY			0x52534554	/* "TESR" */
#define WSE_REG_ERROR_CODE		0x0020	/* last fatal error, WSE_ERR_* */
#define WSE_REG_RESET_COUNT		0x0024	/* register resets; FLR keeps it */

/* ---------------------------------------------------------------------
 * Fabric geometry (read-only except DEFECT_INDEX)
 *
 * The wafer is a physical grid of PHYS_WIDTH x PHYS_HEIGHT PEs, each with
 * PE_SRAM_BYTES of private SRAM. SPARE_COLS spare PEs per row and SPARE_ROWS
 * spare rows let the fabric route around defects: within a row, logical x
 * is the x-th working physical PE; a row with more defects than spare
 * columns is retired whole, and logical y is the y-th working row. Software
 * sees only the clean LOG_WIDTH x LOG_HEIGHT logical grid.
 * --------------------------------------------------------------------- */
#define WSE_REG_PHYS_WIDTH		0x0040
#define WSE_REG_PHYS_HEIGHT		0x0044
#define WSE_REG_LOG_WIDTH		0x0048
#define WSE_REG_LOG_HEIGHT		0x004c
#define WSE_REG_PE_SRAM_BYTES		0x0050
#define WSE_REG_SPARE_COLS		0x0054
#define WSE_REG_SPARE_ROWS		0x0058
#define WSE_REG_DEFECT_COUNT		0x005c	/* defective physical PEs */
#define WSE_REG_DEFECT_INDEX		0x0060	/* write: select defect n */
#define WSE_REG_DEFECT_ENTRY		0x0064	/* read: WSE_DEFECT_* of n */
#define   WSE_DEFECT_X(e)		((e) & 0xffff)
#define   WSE_DEFECT_Y(e)		(((e) >> 16) & 0xffff)
#define   WSE_DEFECT_NONE		0xffffffffu	/* index out of range */
#define WSE_REG_CLOCK_MHZ		0x0068	/* nominal PE clock */
#define WSE_REG_NUM_QUEUES		0x006c	/* command queues supported */
#define WSE_REG_MAX_QUEUE_DEPTH		0x0070	/* entries, power of two */
#define WSE_REG_MAX_SGL_ENTRIES		0x0074	/* per DMA command */

/*
 * Fabric addresses name one byte of one PE's SRAM, in logical coordinates:
 * bits 63..48 zero, 47..32 y, 31..16 x, 15..0 byte offset in the PE.
 */
#define WSE_FABRIC_ADDR(x, y, off)	((((__u64)(y) & 0xffff) << 32) | \
					 (((__u64)(x) & 0xffff) << 16) | \
					 ((__u64)(off) & 0xffff))
#define WSE_FABRIC_ADDR_X(a)		((__u32)((a) >> 16) & 0xffff)
#define WSE_FABRIC_ADDR_Y(a)		((__u32)((a) >> 32) & 0xffff)
#define WSE_FABRIC_ADDR_OFF(a)		((__u32)(a) & 0xffff)
#define WSE_PE_SRAM_MAX			0x10000	/* 64 KiB addressable */

/* ---------------------------------------------------------------------
 * Fabric aperture: BAR2 shows WSE_APERTURE_SIZE bytes of fabric address
 * space starting at APERTURE_BASE (a fabric address whose offset field is
 * ignored: the window covers PEs x .. x + 255 of row y). Bytes
 * beyond a PE's SRAM, or outside the logical grid, read as zero and
 * ignore writes. For debugging and small transfers only.
 * --------------------------------------------------------------------- */
#define WSE_REG_APERTURE_BASE_LO	0x0080
#define WSE_REG_APERTURE_BASE_HI	0x0084

/* ---------------------------------------------------------------------
 * Interrupts. MSI-X vector 0 carries device events; completion vectors
 * are assigned per queue. EVENT_CAUSE bits are write-1-to-clear.
 * --------------------------------------------------------------------- */
#define WSE_MSIX_VECTOR_EVENTS		0
#define WSE_MSIX_VECTORS		17	/* events + 16 queues */
#define WSE_REG_EVENT_CAUSE		0x00a0
#define WSE_REG_EVENT_MASK		0x00a4	/* 1 = masked */
#define   WSE_EVENT_FW_READY		(1u << 0)
#define   WSE_EVENT_FW_FAILED		(1u << 1)
#define   WSE_EVENT_FATAL		(1u << 2)
#define   WSE_EVENT_QUEUE_ERROR		(1u << 3)
#define   WSE_EVENT_RESET_DONE		(1u << 4)

/* ---------------------------------------------------------------------
 * Firmware boot protocol
 *
 * After power-on or reset the device waits in WSE_FW_STATE_WAIT. The host
 * places the image in one DMA-able buffer, writes FW_ADDR and FW_SIZE,
 * then WSE_FW_CMD_LOAD to FW_CONTROL. The device reads the image by DMA,
 * verifies it (format, ABI, SHA-256), then enters READY and raises
 * WSE_EVENT_FW_READY, or FAILED with FW_ERROR set and raises
 * WSE_EVENT_FW_FAILED. A device in FAILED accepts a new LOAD. HEARTBEAT
 * increments at least every WSE_FW_HEARTBEAT_MS while firmware runs.
 * --------------------------------------------------------------------- */
#define WSE_REG_FW_STATE		0x0100	/* WSE_FW_STATE_* */
#define   WSE_FW_STATE_WAIT		0
#define   WSE_FW_STATE_LOADING		1
#define   WSE_FW_STATE_READY		2
#define   WSE_FW_STATE_FAILED		3
#define   WSE_FW_STATE_CRASHED		4
#define WSE_REG_FW_ERROR		0x0104	/* WSE_FW_ERR_* */
#define   WSE_FW_ERR_NONE		0
#define   WSE_FW_ERR_DMA		1	/* could not read the image */
#define   WSE_FW_ERR_TOO_LARGE		2
#define   WSE_FW_ERR_BAD_MAGIC		3
#define   WSE_FW_ERR_BAD_FORMAT		4	/* format version, layout */
#define   WSE_FW_ERR_BAD_ABI		5	/* ABI this device can't run */
#define   WSE_FW_ERR_BAD_HASH		6	/* SHA-256 mismatch */
#define   WSE_FW_ERR_TRUNCATED		7
#define   WSE_FW_ERR_UNSIGNED		8	/* no SIGNATURE section */
#define   WSE_FW_ERR_BAD_SIGNATURE	9	/* signature does not verify */
#define WSE_REG_FW_ADDR_LO		0x0108
#define WSE_REG_FW_ADDR_HI		0x010c
#define WSE_REG_FW_SIZE			0x0110
#define WSE_REG_FW_CONTROL		0x0114
#define   WSE_FW_CMD_LOAD		1
#define WSE_REG_FW_VERSION		0x0118	/* major<<16 | minor<<8 | patch */
#define WSE_REG_FW_ABI			0x011c	/* major << 16 | minor */
#define WSE_REG_FW_HEARTBEAT		0x0120
#define WSE_FW_HEARTBEAT_MS		100
#define WSE_FW_MAX_SIZE			(16u << 20)

/*
 * Spec 1.1: the firmware log, a ring of FW_LOG_SIZE bytes (a power of two)
 * of ASCII lines "[seconds.micros] text\n", timed by the device clock
 * since power-on. HEAD counts the bytes ever written (free-running), so
 * the ring holds bytes HEAD - min(HEAD, SIZE) .. HEAD - 1; byte n is at
 * position n % SIZE. Read it through a window: write a position to
 * SELECT, then each DATA read returns the 4 bytes from there (the first
 * in bits 7..0) and advances SELECT by 4, wrapping at SIZE. The log
 * survives register reset and FLR; only power-on clears it.
 */
#define WSE_REG_FW_LOG_SIZE		0x0130	/* ring bytes */
#define WSE_REG_FW_LOG_HEAD		0x0134	/* bytes written since power-on */
#define WSE_REG_FW_LOG_SELECT		0x0138	/* write: position, mod SIZE */
#define WSE_REG_FW_LOG_DATA		0x013c	/* read: 4 bytes, SELECT += 4 */

/*
 * The firmware ABI (command and kernel interface, WSE_REG_FW_ABI) this
 * device runs: it accepts an image whose ABI has this major and a minor
 * no greater than this one. The image format is in wse_fw.h.
 */
#define WSE_FW_ABI_MAJOR		1
#define WSE_FW_ABI_MINOR		0

/* ---------------------------------------------------------------------
 * Command queues
 *
 * A queue is a submission ring (SQ) of struct wse_hw_cmd and a completion
 * ring (CQ) of struct wse_hw_cqe, both in host memory, both DEPTH entries
 * (a power of two, at most MAX_QUEUE_DEPTH). The host configures a queue
 * through its register block, sets WSE_QCTL_ENABLE, then produces commands
 * and writes the new SQ tail to the queue's SQ doorbell. The device
 * consumes commands in order, writes one completion record per command
 * with the phase bit flipped on each pass through the CQ, and raises the
 * queue's MSI-X vector once per batch of completions. The host consumes
 * completion records and writes the new CQ head to the CQ doorbell; the
 * device never overwrites a record the host has not released.
 * --------------------------------------------------------------------- */
#define WSE_MAX_QUEUES			16
#define WSE_QUEUE_REGS(q)		(WSE_BAR0_QUEUE_REGS_OFFSET + (q) * 0x40)
#define WSE_QREG_SQ_BASE_LO		0x00
#define WSE_QREG_SQ_BASE_HI		0x04
#define WSE_QREG_CQ_BASE_LO		0x08
#define WSE_QREG_CQ_BASE_HI		0x0c
#define WSE_QREG_DEPTH			0x10
#define WSE_QREG_MSIX_VECTOR		0x14	/* 1..16; 0 is for events */
#define WSE_QREG_CONTROL		0x18
#define   WSE_QCTL_ENABLE		(1u << 0)
#define WSE_QREG_STATUS			0x1c	/* read-only */
#define   WSE_QSTS_ENABLED		(1u << 0)
#define   WSE_QSTS_ERROR		(1u << 1)	/* see QREG_ERROR */
#define   WSE_QSTS_IDLE			(1u << 2)	/* nothing in flight */
#define WSE_QREG_ERROR			0x20	/* WSE_QERR_* */
#define   WSE_QERR_NONE			0
#define   WSE_QERR_BAD_CONFIG		1	/* base, depth or vector */
#define   WSE_QERR_BAD_DOORBELL		2	/* tail/head out of range */
#define   WSE_QERR_SQ_DMA		3	/* could not fetch a command */
#define   WSE_QERR_CQ_DMA		4	/* could not post a completion */
#define WSE_QREG_SQ_HEAD		0x24	/* device's consumer index */
#define WSE_QREG_CQ_TAIL		0x28	/* device's producer index */
#define WSE_QREG_COMPLETED_LO		0x30	/* commands completed */
#define WSE_QREG_COMPLETED_HI		0x34
/*
 * Spec 1.1: work units done by the queue since it was enabled (bytes
 * moved by DMA and FILL, PE-rows swept by a kernel). It advances while a
 * long command executes, so the host can tell a slow command from a hung
 * one without a completion; it never advances while the queue is stalled.
 */
#define WSE_QREG_PROGRESS_LO		0x38
#define WSE_QREG_PROGRESS_HI		0x3c

#define WSE_DOORBELL_SQ_TAIL(q)		(WSE_BAR0_DOORBELL_OFFSET + (q) * 8)
#define WSE_DOORBELL_CQ_HEAD(q)		(WSE_BAR0_DOORBELL_OFFSET + (q) * 8 + 4)

/* ---------------------------------------------------------------------
 * Command packets: 128 bytes each in the SQ.
 * --------------------------------------------------------------------- */
enum wse_hw_opcode {
	WSE_OP_NOP		= 0x00,	/* completes at once */
	WSE_OP_DMA_H2F		= 0x01,	/* host memory -> PE rectangle */
	WSE_OP_DMA_F2H		= 0x02,	/* PE rectangle -> host memory */
	WSE_OP_DMA_F2F		= 0x03,	/* PE rectangle -> PE rectangle */
	WSE_OP_LAUNCH		= 0x10,	/* run a compute kernel */
	WSE_OP_FILL		= 0x11,	/* set a PE rectangle to a value */
};

/* wse_hw_cmd.flags */
#define WSE_CMD_F_SGL_INLINE		(1u << 0)	/* one range, no SGL */
#define WSE_CMD_F_COL_MAJOR		(1u << 1)	/* host array order */
#define WSE_CMD_F_DTYPE_16		(1u << 2)	/* 16-bit elements */
#define WSE_CMD_F_FENCE			(1u << 3)	/* wait for earlier */

/* A rectangle of PEs in logical coordinates. */
struct wse_hw_rect {
	__le16 x;
	__le16 y;
	__le16 width;
	__le16 height;
};

/*
 * Host memory is given as a scatter-gather list in host memory of
 * sgl_count (1..MAX_SGL_ENTRIES) struct wse_hw_sge at host_addr (16-byte
 * aligned), or with WSE_CMD_F_SGL_INLINE as the single contiguous range
 * (host_addr, host_len) with sgl_count 0. Each entry's len is non-zero and
 * a multiple of the element size; the lens add up to host_len.
 */
struct wse_hw_sge {
	__le64 addr;
	__le32 len;
	__le32 reserved;
};

/*
 * DMA between host and fabric. The host array holds height x width x
 * elems_per_pe elements of 2 or 4 bytes, viewed as [h][w][l]: row-major
 * means l varies fastest ([h][w][l]), column-major means w varies fastest,
 * then h, then l ([l][h][w]). Each PE's elements are stored packed (2 or
 * 4 bytes apart) in its SRAM from pe_offset on, a multiple of the element
 * size. host_len is exactly height * width * elems_per_pe * element size.
 */
struct wse_hw_cmd_dma {
	__le64 host_addr;	/* SGL address, or data with SGL_INLINE */
	__le32 host_len;	/* bytes of host data */
	__le32 sgl_count;
	struct wse_hw_rect rect;
	__le32 elems_per_pe;
	__le32 pe_offset;	/* byte offset in each PE's SRAM */
	/* F2F only: destination rectangle origin and offset */
	__le16 dst_x;
	__le16 dst_y;
	__le32 dst_pe_offset;
	__le32 reserved[18];
};

#define WSE_LAUNCH_MAX_ARGS		16

struct wse_hw_cmd_launch {
	__le32 kernel_id;	/* from the firmware's kernel table */
	__le32 nargs;
	struct wse_hw_rect rect;
	__le32 args[WSE_LAUNCH_MAX_ARGS];	/* 32-bit words, as the wafer */
	/*
	 * The SRAM window of the launch: every buffer the kernel reads or
	 * writes must lie in [sram_base, sram_base + sram_size) of each PE,
	 * else WSE_STS_FABRIC_RANGE. The host sets it to the byte range it
	 * granted the submitter, so a kernel cannot reach SRAM of another
	 * owner on the same PEs. sram_size 0 (with sram_base 0) means the
	 * whole PE.
	 */
	__le32 sram_base;
	__le32 sram_size;
	__le32 reserved[6];
};

/*
 * wse_hw_cqe.detail of a failed LAUNCH:
 *   NO_FIRMWARE     WSE_REG_FW_STATE
 *   KERNEL_UNKNOWN  the kernel_id
 *   KERNEL_ARGS     WSE_LAUNCH_ARGS_DETAIL(arguments the kernel takes,
 *                   culprit): which argument (or the rectangle) is wrong
 *   FABRIC_RANGE    byte offset in wse_hw_cmd of the rectangle field or
 *                   of the args[] word at fault
 *   KERNEL_FAULT    WSE_LAUNCH_FAULT_PE() of the PE that faulted
 */
#define WSE_LAUNCH_ARGS_DETAIL(n, culprit)	((n) | (culprit) << 8)
#define WSE_LAUNCH_ARGS_EXPECTED(d)	((d) & 0xff)
#define WSE_LAUNCH_ARGS_CULPRIT(d)	(((d) >> 8) & 0xff)
#define   WSE_LAUNCH_CULPRIT_COUNT	0	/* nargs differs */
#define   WSE_LAUNCH_CULPRIT_ARG(i)	((i) + 1)	/* args[i] */
#define   WSE_LAUNCH_CULPRIT_RECT	0xff	/* rectangle shape */
#define WSE_LAUNCH_FAULT_PE(x, y)	((__u32)(y) << 16 | (x))

struct wse_hw_cmd_fill {
	struct wse_hw_rect rect;
	__le32 pe_offset;
	__le32 len;		/* bytes per PE, multiple of 4 */
	__le32 value;
	__le32 reserved[23];
};

struct wse_hw_cmd {
	__u8 opcode;		/* enum wse_hw_opcode */
	__u8 flags;		/* WSE_CMD_F_* */
	__le16 reserved0;
	__le32 context_id;	/* owning context, echoed for debugging */
	__le64 tag;		/* echoed in the completion record */
	union {
		struct wse_hw_cmd_dma dma;
		struct wse_hw_cmd_launch launch;
		struct wse_hw_cmd_fill fill;
	};
};

/* ---------------------------------------------------------------------
 * Completion records: 32 bytes each in the CQ.
 * --------------------------------------------------------------------- */
#define WSE_CQE_F_PHASE			(1u << 0)

enum wse_hw_status {
	WSE_STS_SUCCESS		= 0,
	WSE_STS_INVALID_OPCODE	= 1,	/* opcode not known */
	WSE_STS_INVALID_FIELD	= 2,	/* reserved bits, bad flags, sizes */
	WSE_STS_FABRIC_RANGE	= 3,	/* rectangle or offset off the grid */
	WSE_STS_HOST_DMA	= 4,	/* host memory access failed */
	WSE_STS_SGL_INVALID	= 5,	/* SGL too long, short, or misaligned */
	WSE_STS_KERNEL_UNKNOWN	= 6,	/* kernel_id not in firmware table */
	WSE_STS_KERNEL_ARGS	= 7,	/* arguments don't match signature */
	WSE_STS_KERNEL_FAULT	= 8,	/* kernel faulted while running */
	WSE_STS_ABORTED		= 9,	/* queue disabled or device reset */
	WSE_STS_NO_FIRMWARE	= 10,	/* firmware not ready */
	WSE_STS_INTERNAL	= 11,
};

struct wse_hw_cqe {
	__le64 tag;		/* from the command */
	__le32 status;		/* enum wse_hw_status */
	__le16 sq_head;		/* device's SQ head after this command */
	__le16 flags;		/* WSE_CQE_F_* */
	__le64 device_time_ns;	/* time the command spent executing */
	__le32 detail;		/* INVALID_FIELD, FABRIC_RANGE: offset of the
				 * field in wse_hw_cmd; SGL_INVALID, HOST_DMA:
				 * SGL entry, or sgl_count for the whole list */
	__le32 reserved;
};

/* ---------------------------------------------------------------------
 * Telemetry (read-only). Counters are free-running since reset.
 * --------------------------------------------------------------------- */
#define WSE_REG_TEMP_MILLIC		0x0800	/* hottest sensor, m degC, signed */
#define WSE_REG_POWER_MW		0x0804	/* board power */
#define WSE_REG_CLOCK_CUR_MHZ		0x0808	/* current PE clock */
#define WSE_REG_FABRIC_UTIL		0x080c	/* permille, last 100 ms */
#define WSE_REG_DMA_H2F_BYTES_LO	0x0810
#define WSE_REG_DMA_H2F_BYTES_HI	0x0814
#define WSE_REG_DMA_F2H_BYTES_LO	0x0818
#define WSE_REG_DMA_F2H_BYTES_HI	0x081c
#define WSE_REG_CMDS_COMPLETED_LO	0x0820
#define WSE_REG_CMDS_COMPLETED_HI	0x0824
#define WSE_REG_CMDS_FAILED		0x0828
#define WSE_REG_LAUNCHES_LO		0x0830
#define WSE_REG_LAUNCHES_HI		0x0834
#define WSE_REG_BUSY_NS_LO		0x0838
#define WSE_REG_BUSY_NS_HI		0x083c
#define WSE_REG_SRAM_CORRECTED		0x0840	/* ECC corrected */
#define WSE_REG_SRAM_UNCORRECTED	0x0844
#define WSE_REG_TEMP_SENSORS		0x0848	/* number of sensors */
#define WSE_REG_TEMP_SELECT		0x084c	/* write sensor index */
#define WSE_REG_TEMP_SENSOR_MILLIC	0x0850	/* selected sensor */
/* Spec 1.1: thermal limits, m degC, signed, fixed for the part. */
#define WSE_REG_TEMP_THROTTLE_MILLIC	0x0854	/* PE clock slows above this */
#define WSE_REG_TEMP_CRIT_MILLIC	0x0858	/* board protection trips here */

/* Fatal error codes in WSE_REG_ERROR_CODE. */
#define WSE_ERR_NONE			0
#define WSE_ERR_FW_CRASH		1
#define WSE_ERR_INTERNAL		2
#define WSE_ERR_THERMAL			3

#endif /* _UAPI_WSE_HW_H_ */
