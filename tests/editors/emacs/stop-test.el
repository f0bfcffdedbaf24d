;;; stop-test.el --- run by tests/editors/test_emacs.py in `emacs --batch'  -*- lexical-binding: t; -*-

;; Against a slow OpenAI-compatible server ($QGPT_TEST_OPENAI_URL): `qgpt-ask'
;; on Cart.total, then, once the answer streams, `qgpt-stop' called in the
;; ANSWER buffer; writes what it saw as JSON to $QGPT_EMACS_RESULT.

(load (expand-file-name "common.el" (file-name-directory load-file-name)) nil t)

(defun qgpt-test--stop ()
  (qgpt-test--connect
   (list :backend "embedded" :answerer "openai" :openAnswerDocument :json-false
         :openai (list :baseUrl (getenv "QGPT_TEST_OPENAI_URL") :model "slow")))
  (pcase-let ((`(,beg ,end) (qgpt-test--region-of-total)))
    (let ((asked (qgpt-ask "explain how total uses unit_price" beg end)))
      (unless (qgpt-test--wait (lambda () (> (length (qgpt-answer-text asked)) 0)) 60)
        (error "no delta arrived"))
      (with-current-buffer (qgpt-answer-buffer asked)
        (qgpt-test--put 'in_answer_buffer (not (eglot-current-server)))
        (qgpt-stop))
      (unless (qgpt-test--wait (lambda () (qgpt-answer-done asked)) 120)
        (error "the answer did not end"))
      (qgpt-test--put 'stopped (qgpt-test--answer-json asked)))))

(qgpt-test--main #'qgpt-test--stop)
;;; stop-test.el ends here
