// SPDX-License-Identifier: GPL-2.0-only
/*
 * Module, PCI driver and DRM device of the wafer-scale engine.
 *
 * Probe brings the function up (enable, BAR0, DMA mask, bus mastering,
 * MSI-X), checks and caches what the device says about itself, boots its
 * firmware, enables the command queues, publishes the DRM node, then
 * starts the hang watchdog (wse_tdr.c).
 * Remove unplugs the DRM device first, so that an ioctl racing with it or
 * arriving later gets -ENODEV instead of touching a device that is going
 * away: every path that reaches the hardware from
 * userspace runs inside drm_dev_enter()/drm_dev_exit().
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include <uapi/wse_accel.h>
#include <uapi/wse_hw.h>

#include "wse_ctx.h"
#include "wse_drv.h"
#include "wse_fdinfo.h"
#include "wse_fw.h"
#include "wse_gem.h"
#include "wse_hw.h"
#include "wse_job.h"
#include "wse_reset.h"
#include "wse_ring.h"

#define DRIVER_DATE	"20250101"

/*
 * The only place that picks the kind of device node: an accel node
 * (/dev/accel/accelN) where the kernel has the accel subsystem, a render
 * node (/dev/dri/renderDN) on kernels before it, such as 6.1. The ioctls
 * and everything behind them are the same either way.
 */
#if IS_ENABLED(CONFIG_DRM_ACCEL)
#include <drm/drm_accel.h>
#define WSE_DRIVER_NODE		DRIVER_COMPUTE_ACCEL
#define WSE_FOPS		DRM_ACCEL_FOPS
#else
#define WSE_DRIVER_NODE		DRIVER_RENDER
#define WSE_FOPS		DRM_GEM_FOPS
#endif

static const struct file_operations wse_fops = {
	.owner = THIS_MODULE,
	WSE_FOPS,
	.show_fdinfo = WSE_FOPS_SHOW_FDINFO,
};

static int wse_open(struct drm_device *drm, struct drm_file *file)
{
	struct wse_file_priv *fpriv;

	fpriv = kzalloc(sizeof(*fpriv), GFP_KERNEL);
	if (!fpriv)
		return -ENOMEM;

	fpriv->wdev = to_wse_device(drm);
	xa_init_flags(&fpriv->ctxs, XA_FLAGS_ALLOC1);
	wse_fdinfo_open(fpriv);
	file->driver_priv = fpriv;
	return 0;
}

/*
 * The DRM core has released the file's GEM handles and syncobjs by now;
 * jobs keep their own references. Destroying the contexts waits for their
 * jobs on the device.
 */
static void wse_postclose(struct drm_device *drm, struct drm_file *file)
{
	struct wse_file_priv *fpriv = file->driver_priv;

	wse_ctx_close_file(fpriv);
	kfree(fpriv);
	file->driver_priv = NULL;
}

static const struct drm_ioctl_desc wse_ioctls[] = {
	DRM_IOCTL_DEF_DRV(WSE_QUERY, wse_query_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(WSE_BO_CREATE, wse_bo_create_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(WSE_BO_USERPTR, wse_bo_userptr_ioctl,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(WSE_BO_INFO, wse_bo_info_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(WSE_CTX_CREATE, wse_ctx_create_ioctl,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(WSE_CTX_DESTROY, wse_ctx_destroy_ioctl,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(WSE_SUBMIT, wse_submit_ioctl, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(WSE_WAIT, wse_wait_ioctl, DRM_RENDER_ALLOW),
	/* Any node; the handler itself insists on CAP_SYS_ADMIN. */
	DRM_IOCTL_DEF_DRV(WSE_FW_LOAD, wse_fw_load_ioctl, DRM_RENDER_ALLOW),
};

static const struct drm_driver wse_drm_driver = {
	.driver_features = DRIVER_GEM | DRIVER_SYNCOBJ | WSE_DRIVER_NODE,
	.open = wse_open,
	.postclose = wse_postclose,
	/* shmem BOs: PRIME import through the helpers, on either kernel. */
	DRM_GEM_SHMEM_DRIVER_OPS,
	.ioctls = wse_ioctls,
	.num_ioctls = ARRAY_SIZE(wse_ioctls),
	.fops = &wse_fops,
	WSE_DRIVER_SHOW_FDINFO
	.name = DRIVER_NAME,
	.desc = DRIVER_DESC,
	/*
	 * Both 6.1 and 6.12 have the field and DRM_IOCTL_VERSION warns if it
	 * is NULL; 6.14 drops it, which is when this line has to go.
	 */
	.date = DRIVER_DATE,
	.major = DRM_WSE_ABI_MAJOR,
	.minor = DRM_WSE_ABI_MINOR,
};

static void wse_wq_destroy(struct drm_device *drm, void *arg)
{
	destroy_workqueue(arg);
}

/* Software state that lives as long as the DRM device (open files too). */
static int wse_state_init(struct wse_device *wdev)
{
	int ret;

	mutex_init(&wdev->fabric.lock);
	INIT_LIST_HEAD(&wdev->fabric.list);
	mutex_init(&wdev->ctx_lock);
	mutex_init(&wdev->telemetry_lock);
	INIT_LIST_HEAD(&wdev->ctx_list);
	init_waitqueue_head(&wdev->jobs_wq);

	wdev->wq = alloc_workqueue("wse", WQ_UNBOUND, 0);
	if (!wdev->wq)
		return -ENOMEM;
	ret = drmm_add_action_or_reset(&wdev->drm, wse_wq_destroy, wdev->wq);
	if (ret)
		return ret;
	ret = wse_reset_init(wdev);
	if (ret)
		return ret;
	return wse_fw_init(wdev);
}

/*
 * Everything set up here is managed: devres undoes it in reverse order
 * after wse_remove(), or right away if probe fails; only the queues are
 * torn down by hand, because that has to happen in a precise order.
 */
static int wse_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct wse_device *wdev;
	int ret;

	wdev = devm_drm_dev_alloc(&pdev->dev, &wse_drm_driver,
				  struct wse_device, drm);
	if (IS_ERR(wdev))
		return PTR_ERR(wdev);
	wdev->pdev = pdev;
	pci_set_drvdata(pdev, wdev);

	ret = pcim_enable_device(pdev);
	if (ret) {
		drm_err(&wdev->drm, "cannot enable PCI device: %d\n", ret);
		return ret;
	}

	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (ret) {
		drm_err(&wdev->drm, "no 64-bit DMA: %d\n", ret);
		return ret;
	}
	/*
	 * SGL entries are 32-bit lengths; big segments mean short SGLs. Stay
	 * within what the DMA layer can map in one piece (swiotlb).
	 */
	dma_set_max_seg_size(&pdev->dev,
			     min_t(size_t, dma_max_mapping_size(&pdev->dev),
				   SZ_1G) & PAGE_MASK);
	/* The device DMAs firmware, queues and data, and MSI-X are writes. */
	pci_set_master(pdev);

	ret = wse_state_init(wdev);
	if (ret)
		return ret;

	ret = wse_hw_init(wdev);
	if (ret)
		return ret;

	ret = wse_hwmon_init(wdev);
	if (ret)
		return ret;

	ret = wse_irq_init(wdev);
	if (ret)
		return ret;

	/* Before the queues: a reset to replace stale firmware stops them. */
	wse_fw_boot(wdev);

	ret = wse_rings_init(wdev);
	if (ret)
		goto err_irq;

	ret = wse_pci_state_keep(wdev);
	if (ret)
		goto err_rings;

	ret = drm_dev_register(&wdev->drm, 0);
	if (ret) {
		drm_err(&wdev->drm, "cannot register DRM device: %d\n", ret);
		goto err_rings;
	}
	wse_debugfs_init(wdev);
	wse_tdr_start(wdev);
	return 0;

err_rings:
	wse_rings_fini(wdev);
err_irq:
	wse_irq_disable(wdev);
	return ret;
}

/*
 * The watchdog and any recovery go first: nothing resets the device or
 * restarts its queues once removal has begun. Then unplug: ioctls in
 * flight finish (SUBMIT's jobs reach a ring), later ones get -ENODEV.
 * Sleeping WAITs and context destroys hold no drm_dev_enter() section.
 * Then the queues stop and every job still on a ring or waiting for
 * in-fences is aborted, its fence signalled with -ENODEV; their clean-up
 * (unmapping, unpinning) runs before we return, while the device can
 * still be DMA-unmapped against.
 */
static void wse_remove(struct pci_dev *pdev)
{
	struct wse_device *wdev = pci_get_drvdata(pdev);

	wse_reset_fini(wdev);
	wse_debugfs_fini(wdev);
	drm_dev_unplug(&wdev->drm);
	wse_rings_fini(wdev);
	wse_ctx_abort_all(wdev);
	wait_event(wdev->jobs_wq, !atomic_read(&wdev->jobs));
	wse_irq_disable(wdev);
}

static const struct pci_device_id wse_pci_ids[] = {
	{ PCI_DEVICE(WSE_PCI_VENDOR_ID, WSE_PCI_DEVICE_ID_WSE3) },
	{ }
};
MODULE_DEVICE_TABLE(pci, wse_pci_ids);

static struct pci_driver wse_pci_driver = {
	.name = DRIVER_NAME,
	.id_table = wse_pci_ids,
	.probe = wse_probe,
	.remove = wse_remove,
	.err_handler = &wse_pci_err_handlers,
	.dev_groups = wse_dev_groups,
};

static int __init wse_init(void)
{
	int ret;

	wse_debugfs_module_init();
	ret = pci_register_driver(&wse_pci_driver);
	if (ret)
		wse_debugfs_module_exit();
	return ret;
}
module_init(wse_init);

static void __exit wse_exit(void)
{
	pci_unregister_driver(&wse_pci_driver);
	wse_debugfs_module_exit();
}
module_exit(wse_exit);

MODULE_DESCRIPTION(DRIVER_DESC);
MODULE_LICENSE("GPL");
