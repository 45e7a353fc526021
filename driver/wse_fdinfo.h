/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-file usage in /proc/<pid>/fdinfo/<fd>. Kernels from 6.5 print the
 * common keys (drm-driver, drm-client-id, ...) in drm_show_fdinfo() and
 * ask the driver for the rest through drm_driver.show_fdinfo; older ones
 * leave it all to file_operations.show_fdinfo. driver/Kbuild defines
 * WSE_HAVE_DRM_SHOW_FDINFO when the kernel's headers declare
 * drm_show_fdinfo(); this header and wse_fdinfo.c are the only users.
 */
#ifndef __WSE_FDINFO_H__
#define __WSE_FDINFO_H__

#include <drm/drm_file.h>

struct drm_printer;
struct wse_file_priv;
struct seq_file;
struct file;

#ifdef WSE_HAVE_DRM_SHOW_FDINFO
void wse_fdinfo_show(struct drm_printer *p, struct drm_file *file);
#define WSE_DRIVER_SHOW_FDINFO	.show_fdinfo = wse_fdinfo_show,
#define WSE_FOPS_SHOW_FDINFO	drm_show_fdinfo
#else
void wse_fdinfo_show_fops(struct seq_file *m, struct file *f);
#define WSE_DRIVER_SHOW_FDINFO
#define WSE_FOPS_SHOW_FDINFO	wse_fdinfo_show_fops
#endif

void wse_fdinfo_open(struct wse_file_priv *fpriv);

#endif /* __WSE_FDINFO_H__ */
