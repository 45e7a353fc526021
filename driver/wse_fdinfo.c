// SPDX-License-Identifier: GPL-2.0-only
/*
 * DRM fdinfo of a wse file (Documentation/gpu/drm-usage-stats.rst):
 *
 *   drm-engine-fabric   device time of the file's finished jobs, ns
 *   drm-total-memory    size of the BOs the file has handles to
 *
 * plus what the DRM core prints itself where it does (see wse_fdinfo.h).
 * Device time is what the device reports per command (device_time_ns of
 * its completion records), counted before a job's fence signals, so a
 * process that waited for its job sees the job in its fdinfo.
 */
#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/pci.h>
#include <linux/seq_file.h>

#include <drm/drm_device.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_print.h>

#include "wse_drv.h"
#include "wse_fdinfo.h"

static void wse_fdinfo_engine(struct drm_printer *p, struct drm_file *file)
{
	struct wse_file_priv *fpriv = file->driver_priv;

	drm_printf(p, "drm-engine-fabric:\t%llu ns\n",
		   (u64)atomic64_read(&fpriv->busy_ns));
}

#ifdef WSE_HAVE_DRM_SHOW_FDINFO

void wse_fdinfo_open(struct wse_file_priv *fpriv)
{
}

void wse_fdinfo_show(struct drm_printer *p, struct drm_file *file)
{
	wse_fdinfo_engine(p, file);
	drm_show_memory_stats(p, file);
}

#else

/* The core numbers its clients from 6.5 on; number ours meanwhile. */
static atomic64_t wse_fdinfo_clients;

void wse_fdinfo_open(struct wse_file_priv *fpriv)
{
	fpriv->client_id = atomic64_inc_return(&wse_fdinfo_clients);
}

/* The memory keys as drm_show_memory_stats() prints them, in KiB. */
static void wse_fdinfo_memory(struct drm_printer *p, struct drm_file *file)
{
	struct drm_gem_object *obj;
	u64 total = 0;
	int id;

	spin_lock(&file->table_lock);
	idr_for_each_entry(&file->object_idr, obj, id)
		total += obj->size;
	spin_unlock(&file->table_lock);
	drm_printf(p, "drm-total-memory:\t%llu KiB\n", total / SZ_1K);
}

void wse_fdinfo_show_fops(struct seq_file *m, struct file *f)
{
	struct drm_file *file = f->private_data;
	struct wse_file_priv *fpriv = file->driver_priv;
	struct drm_device *drm = file->minor->dev;
	struct drm_printer p = drm_seq_file_printer(m);

	drm_printf(&p, "drm-driver:\t%s\n", drm->driver->name);
	drm_printf(&p, "drm-pdev:\t%s\n", pci_name(to_pci_dev(drm->dev)));
	drm_printf(&p, "drm-client-id:\t%llu\n", fpriv->client_id);
	wse_fdinfo_engine(&p, file);
	wse_fdinfo_memory(&p, file);
}

#endif
