int sdc_io_placeholder = 0;
