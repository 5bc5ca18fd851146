import { z } from 'zod';
import { t } from '#app/i18n/fr.ts';

export const EmailSchema = z
  .string({ error: t('field.required') })
  .trim()
  .min(1, t('field.required'))
  .max(255)
  .pipe(z.email({ error: t('field.email') }));

/** bcrypt reads 72 bytes at most: longer passwords would be silently truncated. */
export const PasswordSchema = z
  .string({ error: t('field.required') })
  .min(10, t('field.passwordTooShort'))
  .refine((p) => new TextEncoder().encode(p).length <= 72, t('field.passwordTooLong'));

export const FullNameSchema = z
  .string({ error: t('field.required') })
  .trim()
  .min(2, t('field.nameTooShort'))
  .max(80, t('field.nameTooLong', { max: 80 }));

export const SignInSchema = z.object({
  email: EmailSchema,
  password: z.string({ error: t('field.required') }).min(1, t('field.required')),
  redirectTo: z.string().optional(),
});

export const SignUpSchema = z
  .object({
    fullName: FullNameSchema,
    email: EmailSchema,
    password: PasswordSchema,
    confirmPassword: z.string({ error: t('field.required') }),
    redirectTo: z.string().optional(),
  })
  .refine((v) => v.password === v.confirmPassword, {
    message: t('field.passwordMismatch'),
    path: ['confirmPassword'],
  });

export const ForgotPasswordSchema = z.object({ email: EmailSchema });

export const ResetPasswordSchema = z
  .object({
    token: z.string({ error: t('field.required') }).min(1),
    password: PasswordSchema,
    confirmPassword: z.string({ error: t('field.required') }),
  })
  .refine((v) => v.password === v.confirmPassword, {
    message: t('field.passwordMismatch'),
    path: ['confirmPassword'],
  });
