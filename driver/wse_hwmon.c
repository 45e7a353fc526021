// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device's temperature sensors and board power as a hwmon device named
 * "wse", so lm-sensors and friends see the accelerator like any other chip:
 *
 *   temp<N>_input, temp<N>_label   sensor N-1, m degC ("sensorN-1")
 *   temp<N>_max, temp<N>_crit      where the clock throttles, where the
 *                                  board trips (spec 1.1 devices)
 *   power1_input, power1_label     board power, uW ("board")
 *
 * The device has one window onto its sensors (select, then read), so
 * readers of a single sensor take wdev->telemetry_lock.
 */
#include <linux/device.h>
#include <linux/hwmon.h>
#include <linux/pci.h>

#include <drm/drm_print.h>

#include <uapi/wse_hw.h>

#include "wse_drv.h"
#include "wse_hw.h"

/* hwmon wants its channel list up front; the device has as many or fewer. */
#define WSE_HWMON_TEMPS		16

/* The device reads this from WSE_REG_TEMP_SENSOR_MILLIC for no sensor. */
#define WSE_TEMP_NO_SENSOR	0x80000000u

/**
 * wse_telemetry_sensor() - read one temperature sensor
 * @wdev: the device
 * @sensor: its index, below WSE_REG_TEMP_SENSORS
 * @millic: the reading, m degC
 *
 * Return: 0, -ENODATA if the device has no such sensor, or -ENXIO if
 * the device does not answer.
 */
int wse_telemetry_sensor(struct wse_device *wdev, u32 sensor, s32 *millic)
{
	u32 v;

	mutex_lock(&wdev->telemetry_lock);
	wse_reg_write(&wdev->hw, WSE_REG_TEMP_SELECT, sensor);
	v = wse_reg_read(&wdev->hw, WSE_REG_TEMP_SENSOR_MILLIC);
	mutex_unlock(&wdev->telemetry_lock);
	if (v == WSE_TEMP_NO_SENSOR)
		return -ENODATA;
	/* -1 m degC is a reading too; only a silent device makes it noise. */
	if (v == ~0u && wse_hw_gone(&wdev->hw))
		return -ENXIO;
	*millic = (s32)v;
	return 0;
}

/**
 * wse_telemetry_read64() - read a free-running _LO/_HI counter pair
 * @wdev: the device
 * @reg_lo: its _LO register
 *
 * The counter may carry into _HI between the two reads: read _HI around
 * _LO until it holds still.
 *
 * Return: the counter.
 */
u64 wse_telemetry_read64(struct wse_device *wdev, u32 reg_lo)
{
	u32 hi, lo, again;

	hi = wse_reg_read(&wdev->hw, reg_lo + 4);
	for (;;) {
		lo = wse_reg_read(&wdev->hw, reg_lo);
		again = wse_reg_read(&wdev->hw, reg_lo + 4);
		if (again == hi)
			break;
		hi = again;
	}
	return (u64)hi << 32 | lo;
}

/* Sensors there are, and that hwmon has channels for. */
u32 wse_telemetry_sensors(struct wse_device *wdev)
{
	return min_t(u32, wse_reg_read(&wdev->hw, WSE_REG_TEMP_SENSORS),
		     WSE_HWMON_TEMPS);
}

static umode_t wse_hwmon_is_visible(const void *data,
				    enum hwmon_sensor_types type, u32 attr,
				    int channel)
{
	const struct wse_device *wdev = data;

	switch (type) {
	case hwmon_temp:
		/* Cast: wse_reg_read() takes no const, reading changes nothing. */
		if (channel >= wse_telemetry_sensors((struct wse_device *)wdev))
			return 0;
		/* Thermal limits are registers of hardware spec 1.1 on. */
		if ((attr == hwmon_temp_max || attr == hwmon_temp_crit) &&
		    wdev->hw.info.spec_version < WSE_HW_SPEC(1, 1))
			return 0;
		return 0444;
	case hwmon_power:
		return 0444;
	default:
		return 0;
	}
}

static int wse_hwmon_read(struct device *dev, enum hwmon_sensor_types type,
			  u32 attr, int channel, long *val)
{
	struct wse_device *wdev = dev_get_drvdata(dev);
	u32 reg, raw;
	s32 millic;
	int ret;

	switch (type) {
	case hwmon_temp:
		if (attr == hwmon_temp_max || attr == hwmon_temp_crit) {
			/* The same limits apply to every sensor of the wafer. */
			reg = attr == hwmon_temp_max ?
			      WSE_REG_TEMP_THROTTLE_MILLIC :
			      WSE_REG_TEMP_CRIT_MILLIC;
			raw = wse_reg_read(&wdev->hw, reg);
			if (raw == ~0u && wse_hw_gone(&wdev->hw))
				return -ENXIO;
			*val = (s32)raw;
			return 0;
		}
		if (attr != hwmon_temp_input)
			return -EOPNOTSUPP;
		ret = wse_telemetry_sensor(wdev, channel, &millic);
		if (ret)
			return ret;
		*val = millic;
		return 0;
	case hwmon_power:
		if (attr != hwmon_power_input)
			return -EOPNOTSUPP;
		*val = (long)wse_reg_read(&wdev->hw, WSE_REG_POWER_MW);
		if (*val == U32_MAX && wse_hw_gone(&wdev->hw))
			return -ENXIO;
		*val *= 1000;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static const char * const wse_hwmon_temp_labels[WSE_HWMON_TEMPS] = {
	"sensor0", "sensor1", "sensor2", "sensor3",
	"sensor4", "sensor5", "sensor6", "sensor7",
	"sensor8", "sensor9", "sensor10", "sensor11",
	"sensor12", "sensor13", "sensor14", "sensor15",
};

static int wse_hwmon_read_string(struct device *dev,
				 enum hwmon_sensor_types type, u32 attr,
				 int channel, const char **str)
{
	switch (type) {
	case hwmon_temp:
		*str = wse_hwmon_temp_labels[channel];
		return 0;
	case hwmon_power:
		*str = "board";
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/* temp_max is where the clock throttles, temp_crit where the board trips. */
#define WSE_T	(HWMON_T_INPUT | HWMON_T_LABEL | HWMON_T_MAX | HWMON_T_CRIT)

/* Not "* const": 6.1's hwmon_chip_info.info is a plain double pointer. */
static const struct hwmon_channel_info *wse_hwmon_info[] = {
	HWMON_CHANNEL_INFO(temp, WSE_T, WSE_T, WSE_T, WSE_T, WSE_T, WSE_T,
			   WSE_T, WSE_T, WSE_T, WSE_T, WSE_T, WSE_T, WSE_T,
			   WSE_T, WSE_T, WSE_T),
	HWMON_CHANNEL_INFO(power, HWMON_P_INPUT | HWMON_P_LABEL),
	NULL
};

static const struct hwmon_ops wse_hwmon_ops = {
	.is_visible = wse_hwmon_is_visible,
	.read = wse_hwmon_read,
	.read_string = wse_hwmon_read_string,
};

static const struct hwmon_chip_info wse_hwmon_chip = {
	.ops = &wse_hwmon_ops,
	.info = wse_hwmon_info,
};

/*
 * Managed: unregistered after wse_remove(), before BAR0 is unmapped, so a
 * read racing with removal still reaches mapped registers.
 */
int wse_hwmon_init(struct wse_device *wdev)
{
	struct device *hwmon;

	hwmon = devm_hwmon_device_register_with_info(&wdev->pdev->dev,
						     DRIVER_NAME, wdev,
						     &wse_hwmon_chip, NULL);
	if (IS_ERR(hwmon)) {
		drm_err(&wdev->drm, "cannot register hwmon device: %ld\n",
			PTR_ERR(hwmon));
		return PTR_ERR(hwmon);
	}
	return 0;
}
