// SPDX-License-Identifier: GPL-2.0-only
/*
 * Module, PCI driver and DRM device of the wafer-scale engine.
 *
 * Probe brings the function up (enable, BAR0, DMA mask, bus mastering,
 * MSI-X), checks and caches what the device says about itself, then
 * publishes the DRM node. Remove unplugs the DRM device first, so that an
 * ioctl racing with it or arriving later gets -ENODEV instead of touching
 * a device that is going away: every path that reaches the hardware from
 * userspace runs inside drm_dev_enter()/drm_dev_exit().
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_print.h>

#include <uapi/wse_accel.h>
#include <uapi/wse_hw.h>

#include "wse_drv.h"
#include "wse_hw.h"

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
DEFINE_DRM_ACCEL_FOPS(wse_fops);
#else
#define WSE_DRIVER_NODE		DRIVER_RENDER
DEFINE_DRM_GEM_FOPS(wse_fops);
#endif

static int wse_open(struct drm_device *drm, struct drm_file *file)
{
	struct wse_file_priv *fpriv;

	fpriv = kzalloc(sizeof(*fpriv), GFP_KERNEL);
	if (!fpriv)
		return -ENOMEM;

	fpriv->wdev = to_wse_device(drm);
	file->driver_priv = fpriv;
	return 0;
}

static void wse_postclose(struct drm_device *drm, struct drm_file *file)
{
	kfree(file->driver_priv);
	file->driver_priv = NULL;
}

static const struct drm_ioctl_desc wse_ioctls[] = {
	DRM_IOCTL_DEF_DRV(WSE_QUERY, wse_query_ioctl, DRM_RENDER_ALLOW),
};

static const struct drm_driver wse_drm_driver = {
	.driver_features = DRIVER_GEM | WSE_DRIVER_NODE,
	.open = wse_open,
	.postclose = wse_postclose,
	.ioctls = wse_ioctls,
	.num_ioctls = ARRAY_SIZE(wse_ioctls),
	.fops = &wse_fops,
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

/*
 * Everything set up here is managed: devres undoes it in reverse order
 * after wse_remove(), or right away if probe fails.
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
	/* The device DMAs firmware, queues and data, and MSI-X are writes. */
	pci_set_master(pdev);

	ret = wse_hw_init(wdev);
	if (ret)
		return ret;

	ret = wse_irq_init(wdev);
	if (ret)
		return ret;

	ret = drm_dev_register(&wdev->drm, 0);
	if (ret) {
		drm_err(&wdev->drm, "cannot register DRM device: %d\n", ret);
		wse_irq_disable(wdev);
		return ret;
	}
	return 0;
}

static void wse_remove(struct pci_dev *pdev)
{
	struct wse_device *wdev = pci_get_drvdata(pdev);

	/* Waits for ioctls in flight; later ones fail with -ENODEV. */
	drm_dev_unplug(&wdev->drm);
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
};
module_pci_driver(wse_pci_driver);

MODULE_DESCRIPTION(DRIVER_DESC);
MODULE_LICENSE("GPL");
