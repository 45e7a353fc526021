/* placeholder, replaced by the device model */
