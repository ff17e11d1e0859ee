/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mtk_bootmedia: the core (medium lifecycle, protection, slots, the one
 * write path, stage/active) and the interface of the switch engines.
 *
 * The core calls an engine only through its struct mtk_bm_engine, found in
 * mtk_bm_engines[] (engine/table.c) by the component's `switch` value; it
 * never names one. The engines use the core's services declared here (the
 * write path, slot reads and checks, `result`), as file systems use the
 * VFS: they sit above the core in the include order
 * (Documentation/architecture.md).
 */
#ifndef MTK_BOOTMEDIA_H
#define MTK_BOOTMEDIA_H

#include "media/medium.h"

/* medium.c */
MTK_BM_LOCAL void mtk_bm_medium_init(struct mtk_bm_medium *m);
MTK_BM_LOCAL void mtk_bm_medium_teardown(struct mtk_bm_medium *m);
MTK_BM_LOCAL int mtk_bm_set_device(struct mtk_bm_medium *m, const char *dev);
MTK_BM_LOCAL int mtk_bm_bind(struct mtk_bm_medium *m);
MTK_BM_LOCAL void mtk_bm_unbind(struct mtk_bm_medium *m);
MTK_BM_LOCAL const char *mtk_bm_type_name(enum mtk_bm_type t);
MTK_BM_LOCAL const char *mtk_bm_booted(struct mtk_bm_medium *m);
MTK_BM_LOCAL int mtk_bm_status_show(struct mtk_bm_medium *m, char *buf, size_t len);

/* protect.c */
MTK_BM_LOCAL int mtk_bm_protect(struct mtk_bm_medium *m, bool ro);
MTK_BM_LOCAL bool mtk_bm_protected(struct mtk_bm_medium *m);
MTK_BM_LOCAL int mtk_bm_area_show(struct mtk_bm_area *a, char *buf, size_t len);
MTK_BM_LOCAL void mtk_bm_relock_work(struct work_struct *w);

/* location.c */
MTK_BM_LOCAL int mtk_bm_parse_location(const char *str, struct mtk_bm_location *loc,
				       char *err, size_t errlen);
MTK_BM_LOCAL int mtk_bm_check_location(struct mtk_bm_medium *m, const char *str,
				       struct mtk_bm_location *loc, char *why, size_t len);
MTK_BM_LOCAL struct mtk_bm_component *mtk_bm_boot_area_data(struct mtk_bm_medium *m, int boot);

/* slot.c */
MTK_BM_LOCAL const char *mtk_bm_board_override(void);
MTK_BM_LOCAL int mtk_bm_slot_state(struct mtk_bm_slot *s, bool info, char *buf,
				   size_t len);
MTK_BM_LOCAL enum mtk_bm_kind mtk_bm_kind_default(const char *name);
MTK_BM_LOCAL u64 mtk_bm_slot_size(struct mtk_bm_slot *s, bool capacity, char *err,
				  size_t errlen);
MTK_BM_LOCAL int mtk_bm_slot_read(struct mtk_bm_slot *s, void *buf, size_t len, size_t *got,
				  char *err, size_t errlen);
MTK_BM_LOCAL bool mtk_bm_slot_valid(struct mtk_bm_slot *s, char *why, size_t len);
MTK_BM_LOCAL void mtk_bm_slot_prove(struct mtk_bm_slot *s, const u8 *data, size_t len,
				    const struct mtk_bm_witness *w);
MTK_BM_LOCAL void mtk_bm_slot_prove_crc(struct mtk_bm_slot *s, size_t len, u32 crc,
					const struct mtk_bm_witness *w);
MTK_BM_LOCAL int mtk_bm_slot_witness(struct mtk_bm_slot *s, struct mtk_bm_witness *w);
MTK_BM_LOCAL bool mtk_bm_slot_unchanged(struct mtk_bm_slot *s);
MTK_BM_LOCAL bool mtk_bm_slot_proven(struct mtk_bm_slot *s, const u8 *data, size_t len);
MTK_BM_LOCAL bool mtk_bm_slot_proof(struct mtk_bm_slot *s, u64 *len, u32 *crc);
MTK_BM_LOCAL int mtk_bm_comp_result(struct mtk_bm_component *c, int err, const char *fmt, ...)
	__printf(3, 4);
MTK_BM_LOCAL void mtk_bm_image_drop(struct mtk_bm_component *c);
MTK_BM_LOCAL int mtk_bm_image_stage(struct mtk_bm_component *c, const void *buf, size_t len);
MTK_BM_LOCAL int mtk_bm_image_take(struct mtk_bm_component *c, void *buf, ssize_t len,
				   const char *path);
MTK_BM_LOCAL int mtk_bm_image_verify(struct mtk_bm_component *c, bool force);
MTK_BM_LOCAL const char *mtk_bm_kind_name(enum mtk_bm_kind k);

/* write.c */
MTK_BM_LOCAL int mtk_bm_write(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w,
			      char *err, size_t errlen);
MTK_BM_LOCAL int mtk_bm_slot_write(struct mtk_bm_slot *s, const void *buf, size_t len,
				   unsigned int flags, char *err, size_t errlen);
MTK_BM_LOCAL int mtk_bm_slot_write_keep(struct mtk_bm_slot *s, struct mtk_bm_keep *keep, size_t len,
					unsigned int flags, char *err, size_t errlen);

/* switch.c: stage and active, through the component's engine */
MTK_BM_LOCAL int mtk_bm_switch_parse(const char *str, const struct mtk_bm_engine **sw);
MTK_BM_LOCAL const char *mtk_bm_switch_name(const struct mtk_bm_engine *sw);
MTK_BM_LOCAL void mtk_bm_switch_names(char *buf, size_t len);
MTK_BM_LOCAL const struct mtk_bm_engine *mtk_bm_engine(struct mtk_bm_component *c);
MTK_BM_LOCAL int mtk_bm_stage(struct mtk_bm_component *c, const char *arg);
MTK_BM_LOCAL int mtk_bm_active_show(struct mtk_bm_component *c, char *buf, size_t len);
MTK_BM_LOCAL int mtk_bm_activate(struct mtk_bm_component *c, const char *slot);
MTK_BM_LOCAL int mtk_bm_active_get(struct mtk_bm_component *c, struct mtk_bm_slot **act, char *err,
				   size_t errlen);
MTK_BM_LOCAL struct mtk_bm_slot *mtk_bm_active_slot(struct mtk_bm_component *c, char *err,
						    size_t errlen);
MTK_BM_LOCAL void mtk_bm_engine_clear(struct mtk_bm_component *c);
/* services for the engines */
#define MTK_BM_WHY_LEN		160
MTK_BM_LOCAL const char *mtk_bm_slot_name(struct mtk_bm_slot *s);
MTK_BM_LOCAL int mtk_bm_copies(struct mtk_bm_component *c, struct mtk_bm_slot ***vp);
MTK_BM_LOCAL int mtk_bm_stage_one(struct mtk_bm_component *c, struct mtk_bm_slot *s,
				  unsigned int flags, struct mtk_bm_keep *keep, char *err,
				  size_t errlen);

/*
 * A switch engine: what `switch` names, how `stage` writes a slot and how
 * `active` is read and written. Every hook is called with the medium lock
 * held on a bound medium; a NULL hook means "nothing to do" unless said.
 * Messages go to @err; the core adds "stage: ", "active: " and the errno.
 */
struct mtk_bm_engine {
	const char *name;		/* the `switch` value */
	/*
	 * Several engines may share a name (bspconf on eMMC and on UBI): the
	 * first in the table whose match() accepts the component is used;
	 * NULL accepts every component.
	 */
	bool (*match)(struct mtk_bm_component *c);
	unsigned int flags;		/* MTK_BM_ENG_* */
	/* the engine's own, for hooks shared by engines (mtk_bm_engine(c)->data) */
	const void *data;
	/* how `stage` wrote, for `result` */
	const char *stage_note;
	/*
	 * which slot the boot chain uses next (required): 0 when known, with
	 * *act NULL when none is (the reason in @err), or a negative errno when
	 * it cannot be determined (callers that write then write no slot)
	 */
	int (*active)(struct mtk_bm_component *c, struct mtk_bm_slot **act, char *err,
		      size_t errlen);
	/* `stage` refused before anything is checked (slot @s may be NULL) */
	int (*refuse_stage)(struct mtk_bm_component *c, struct mtk_bm_slot *s,
			    char *err, size_t errlen);
	/* `stage` refused after the image and slot checks */
	int (*check_stage)(struct mtk_bm_component *c, struct mtk_bm_slot *s,
			   char *err, size_t errlen);
	/* write the staged image (NULL: mtk_bm_stage_one()) */
	int (*stage)(struct mtk_bm_component *c, struct mtk_bm_slot *s,
		     char *err, size_t errlen);
	/* `active` written: refused before the slot is checked */
	int (*refuse_activate)(struct mtk_bm_component *c, struct mtk_bm_slot *s,
			       char *err, size_t errlen);
	/*
	 * make @s (valid) the slot used next; @act the active one or NULL
	 * (the reason in @err). NULL: the engine has nothing to switch.
	 * Return: 0, MTK_BM_PENDING (composed, the helper writes it) or a
	 * negative errno.
	 */
	int (*activate)(struct mtk_bm_component *c, struct mtk_bm_slot *act,
			struct mtk_bm_slot *s, char *err, size_t errlen);
	/* why a FIP that passes the format checks cannot boot, or NULL */
	const char *(*fip_refused)(int checksum);
	/* UBI volumes of the medium changed */
	void (*recheck)(struct mtk_bm_component *c);
	/* drop state kept for the helper (a new switch, unbind) */
	void (*clear)(struct mtk_bm_component *c);
};

#define MTK_BM_ENG_STAGE_ALL	BIT(0)	/* `stage all`: every slot */
/* `stage` refuses the active slot, and every slot while it is not known */
#define MTK_BM_ENG_INACTIVE	BIT(1)
/* active not known: `stage` says BL2 picks the slot (-EBUSY, bspconf) */
#define MTK_BM_ENG_BL2_PICKS	BIT(2)
#define MTK_BM_PENDING		1	/* activate(): the helper writes it */

/* engine/table.c: every engine, NULL-terminated */
extern const struct mtk_bm_engine *const mtk_bm_engines[];

/*
 * Negative controls of the power-cut proof (selftests/tests/powercut-broken.t):
 * only a test build (-DMTK_BM_TEST_KNOBS, selftests/vm/build's knobs/
 * module) has the module parameter break_order, which names an engine
 * whose write order is then deliberately broken. Other builds: never.
 */
#ifdef MTK_BM_TEST_KNOBS
MTK_BM_LOCAL bool mtk_bm_test_break(const char *engine);
#else
static inline bool mtk_bm_test_break(const char *engine)
{
	return false;
}
#endif

#endif /* MTK_BOOTMEDIA_H */
