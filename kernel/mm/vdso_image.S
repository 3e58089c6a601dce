/* The vDSO's code (vdso/, linked by the Makefile as VDSO_IMAGE), in whole
 * pages of its own. */
    .section .rodata.vdso, "a"
    .balign 4096
    .globl vdso_image, vdso_image_end
vdso_image:
    .incbin VDSO_IMAGE
vdso_image_end:
    .balign 4096
